package ai.vlarl.framework.rl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.Policy;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Proximal policy optimization, read top to bottom: GAE over the rollout, then {@code epochs}
 * passes of shuffled minibatches, each a clipped-surrogate step with global-norm gradient clipping,
 * stopping early when the approximate KL passes {@code target_kl}. Log-probs are at chunk level
 * (summed over the chunk's tokens) unless {@code log_prob} says otherwise ({@link LogProbLevel});
 * {@code clip_coef_high} and {@code dual_clip} switch to the {@link Surrogate} of the VLA systems;
 * {@code value_learning_rate} gives the value head its own Adam learning rate; {@code
 * partial_resets: false} collects through a {@link LockstepCollector}. Decisions the collector
 * marked invalid are left out of the minibatches (never with partial resets on).
 */
public final class Ppo implements Algorithm {
  private final PpoConfig cfg;
  private final Policy policy;
  private final Adam adam;
  private final NDManager root;
  /** Per parameter: whether it belongs to the value head (for {@code value_learning_rate}). */
  private final boolean[] valueParams;

  /**
   * @throws IllegalArgumentException when {@code value_learning_rate} is set and no parameter's
   *     name marks it as the value head's
   */
  public Ppo(PpoConfig cfg, Policy policy) {
    this.cfg = cfg;
    this.policy = policy;
    this.valueParams = valueParameters(policy.parameters().keys());
    if (cfg.value_learning_rate() > 0 && !anyTrue(valueParams)) {
      throw new IllegalArgumentException("algo.value_learning_rate is set, but no parameter of this "
          + "policy looks like a value head (names containing 'critic' or 'value'): "
          + policy.parameters().keys());
    }
    this.adam = new Adam(policy.parameters(), 0.9, 0.999, cfg.adam_eps());
    this.root = NDManager.newBaseManager();
  }

  /** Which of {@code names} are value-head parameters: their name contains critic or value. */
  static boolean[] valueParameters(java.util.List<String> names) {
    boolean[] out = new boolean[names.size()];
    for (int i = 0; i < out.length; i++) {
      String lower = names.get(i).toLowerCase(java.util.Locale.ROOT);
      out[i] = lower.contains("critic") || lower.contains("value");
    }
    return out;
  }

  private static boolean anyTrue(boolean[] a) {
    for (boolean b : a) {
      if (b) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ExperienceCollector collector(ai.vlarl.framework.env.VectorEnv env, int rolloutSteps) {
    return cfg.partial_resets() ? null : new LockstepCollector(env, policy, rolloutSteps);
  }

  @Override
  public Map<String, Double> update(Rollout rollout, Rng rng, double progress) {
    float[][][] gae = Gae.compute(rollout.rewards(), rollout.values(), rollout.nextValues(),
        rollout.dones(), cfg.gamma(), cfg.gae_lambda());
    float[] adv = flatten(gae[0]);
    float[] ret = flatten(gae[1]);
    float[] oldValue = flatten(rollout.values());
    float[] oldLogp = cfg.log_prob() == LogProbLevel.CHUNK
        ? chunkSums(rollout.tokenLogProb(), rollout.size())
        : cfg.log_prob().reduce(rollout.tokenLogProb(), rollout.size());
    double lr = cfg.anneal_lr() ? cfg.learning_rate() * (1 - progress) : cfg.learning_rate();
    double[] lrs = learningRates(lr, progress);

    int[] valid = rollout.validRows();
    int rows = valid.length;
    int mbSize = Math.max(1, rows / cfg.minibatches());
    int[] perm = new int[rows];
    RunningMeans stats = new RunningMeans();
    int epochsRun = 0;
    for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
      System.arraycopy(valid, 0, perm, 0, rows);
      rng.shuffle(perm);
      double epochKl = 0;
      int batches = 0;
      for (int start = 0; start + mbSize <= rows; start += mbSize) {
        int[] idx = Arrays.copyOfRange(perm, start, start + mbSize);
        epochKl += minibatchStep(rollout, idx, adv, ret, oldValue, oldLogp, lrs, stats);
        batches++;
      }
      epochsRun++;
      if (cfg.target_kl() > 0 && epochKl / batches > cfg.target_kl()) {
        break;
      }
    }
    Map<String, Double> out = stats.means();
    out.put("epochs", (double) epochsRun);
    out.put("learning_rate", lr);
    if (cfg.value_learning_rate() > 0) {
      out.put("value_learning_rate", lrs[firstValueParam()]);
    }
    out.put("explained_variance", explainedVariance(pick(oldValue, valid), pick(ret, valid)));
    return out;
  }

  /** Adam's learning rate per parameter: the value head's own when {@code value_learning_rate}. */
  private double[] learningRates(double lr, double progress) {
    double[] lrs = new double[valueParams.length];
    double vlr = cfg.value_learning_rate() == 0 ? lr
        : cfg.anneal_lr() ? cfg.value_learning_rate() * (1 - progress) : cfg.value_learning_rate();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = valueParams[i] ? vlr : lr;
    }
    return lrs;
  }

  private int firstValueParam() {
    for (int i = 0; i < valueParams.length; i++) {
      if (valueParams[i]) {
        return i;
      }
    }
    return -1;
  }

  /** One gradient step on rows {@code idx}; returns its approximate KL. */
  private double minibatchStep(Rollout rollout, int[] idx, float[] adv, float[] ret,
      float[] oldValue, float[] oldLogp, double[] lrs, RunningMeans stats) {
    Observations obs = rollout.observations().gather(idx);
    HostArray tokens = rollout.tokens().gather(idx);
    double kl;
    try (NDManager scope = root.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      Evaluation ev = policy.evaluate(scope, obs, tokens);
      NDArray entropy = ev.tokenEntropy().sum(new int[] {1, 2});
      NDArray a = scope.create(pick(adv, idx));
      if (cfg.norm_adv()) {
        a = PpoLoss.normalize(a);
      }
      PpoLoss.Terms t;
      if (cfg.plainSurrogate()) {
        NDArray newLogp = ev.tokenLogProb().sum(new int[] {1, 2});
        t = PpoLoss.compute(newLogp, scope.create(pick(oldLogp, idx)), a,
            ev.value(), scope.create(pick(oldValue, idx)), scope.create(pick(ret, idx)), entropy,
            cfg.clip_coef(), cfg.clip_vloss(), cfg.ent_coef(), cfg.vf_coef());
      } else {
        NDArray newLogp = cfg.log_prob().reduce(ev.tokenLogProb());
        int k = cfg.log_prob().units(policy.chunk(), policy.actionDim());
        NDArray old = scope.create(Grpo.units(oldLogp, idx, k)).reshape(newLogp.getShape());
        Surrogate.Terms s = Surrogate.compute(newLogp, old, a, cfg.clip_coef(), cfg.clipHigh(),
            cfg.dual_clip());
        t = PpoLoss.compute(s, ev.value(), scope.create(pick(oldValue, idx)),
            scope.create(pick(ret, idx)), entropy, cfg.clip_coef(), cfg.clip_vloss(),
            cfg.ent_coef(), cfg.vf_coef());
      }
      float loss = t.loss().getFloat();
      if (!Float.isFinite(loss)) {
        throw new IllegalStateException("PPO loss is " + loss + "; training diverged (lower "
            + "algo.learning_rate or check rewards for NaN)");
      }
      gc.backward(t.loss());
      // NDArrays made from host buffers may share their memory (no copy): keep the buffers
      // reachable until backward has read them, or a GC could free them in between.
      java.lang.ref.Reference.reachabilityFence(obs);
      java.lang.ref.Reference.reachabilityFence(tokens);
      kl = t.approxKl().getFloat();
      stats.add("loss", loss);
      stats.add("policy_loss", t.policyLoss().getFloat());
      stats.add("value_loss", t.valueLoss().getFloat());
      stats.add("entropy", t.entropy().getFloat());
      stats.add("approx_kl", kl);
      stats.add("clip_frac", t.clipFraction().getFloat());
    }
    stats.add("grad_norm", GradientClipping.clipGlobalNorm(policy.parameters(), cfg.max_grad_norm()));
    adam.step(lrs);
    return kl;
  }

  static float[] flatten(float[][] tn) {
    int n = tn.length == 0 ? 0 : tn[0].length;
    float[] out = new float[tn.length * n];
    for (int t = 0; t < tn.length; t++) {
      System.arraycopy(tn[t], 0, out, t * n, n);
    }
    return out;
  }

  static float[] chunkSums(HostArray tokenLogProb, int rows) {
    float[] all = tokenLogProb.toFloatArray();
    int per = tokenLogProb.rowSize();
    float[] out = new float[rows];
    for (int r = 0; r < rows; r++) {
      float s = 0;
      for (int k = 0; k < per; k++) {
        s += all[r * per + k];
      }
      out[r] = s;
    }
    return out;
  }

  private static float[] pick(float[] a, int[] idx) {
    float[] out = new float[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = a[idx[i]];
    }
    return out;
  }

  /** {@code 1 - Var(returns - values) / Var(returns)}: how much of the return the critic explains. */
  static double explainedVariance(float[] values, float[] returns) {
    double varY = variance(returns);
    float[] diff = new float[returns.length];
    for (int i = 0; i < diff.length; i++) {
      diff[i] = returns[i] - values[i];
    }
    return varY == 0 ? Double.NaN : 1 - variance(diff) / varY;
  }

  private static double variance(float[] a) {
    double mean = 0;
    for (float x : a) {
      mean += x;
    }
    mean /= a.length;
    double s = 0;
    for (float x : a) {
      s += (x - mean) * (x - mean);
    }
    return s / a.length;
  }

  @Override
  public void saveState(DataOutputStream out) throws IOException {
    adam.save(out);
  }

  @Override
  public void loadState(DataInputStream in) throws IOException {
    adam.load(in);
  }

  @Override
  public void close() {
    adam.close();
    root.close();
  }
}
