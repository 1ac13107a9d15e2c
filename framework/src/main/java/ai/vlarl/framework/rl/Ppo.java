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
 * (summed over the chunk's tokens).
 */
public final class Ppo implements Algorithm {
  private final PpoConfig cfg;
  private final Policy policy;
  private final Adam adam;
  private final NDManager root;

  public Ppo(PpoConfig cfg, Policy policy) {
    this.cfg = cfg;
    this.policy = policy;
    this.adam = new Adam(policy.parameters(), 0.9, 0.999, cfg.adam_eps());
    this.root = NDManager.newBaseManager();
  }

  @Override
  public Map<String, Double> update(Rollout rollout, Rng rng, double progress) {
    float[][][] gae = Gae.compute(rollout.rewards(), rollout.values(), rollout.nextValues(),
        rollout.dones(), cfg.gamma(), cfg.gae_lambda());
    float[] adv = flatten(gae[0]);
    float[] ret = flatten(gae[1]);
    float[] oldValue = flatten(rollout.values());
    float[] oldLogp = chunkSums(rollout.tokenLogProb(), rollout.size());
    double lr = cfg.anneal_lr() ? cfg.learning_rate() * (1 - progress) : cfg.learning_rate();

    int rows = rollout.size();
    int mbSize = Math.max(1, rows / cfg.minibatches());
    int[] perm = new int[rows];
    Stats stats = new Stats();
    int epochsRun = 0;
    for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
      for (int i = 0; i < rows; i++) {
        perm[i] = i;
      }
      rng.shuffle(perm);
      double epochKl = 0;
      int batches = 0;
      for (int start = 0; start + mbSize <= rows; start += mbSize) {
        int[] idx = Arrays.copyOfRange(perm, start, start + mbSize);
        epochKl += minibatchStep(rollout, idx, adv, ret, oldValue, oldLogp, lr, stats);
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
    out.put("explained_variance", explainedVariance(oldValue, ret));
    return out;
  }

  /** One gradient step on rows {@code idx}; returns its approximate KL. */
  private double minibatchStep(Rollout rollout, int[] idx, float[] adv, float[] ret,
      float[] oldValue, float[] oldLogp, double lr, Stats stats) {
    Observations obs = rollout.observations().gather(idx);
    HostArray tokens = rollout.tokens().gather(idx);
    double kl;
    try (NDManager scope = root.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      Evaluation ev = policy.evaluate(scope, obs, tokens);
      NDArray newLogp = ev.tokenLogProb().sum(new int[] {1, 2});
      NDArray entropy = ev.tokenEntropy().sum(new int[] {1, 2});
      NDArray a = scope.create(pick(adv, idx));
      if (cfg.norm_adv()) {
        a = PpoLoss.normalize(a);
      }
      PpoLoss.Terms t = PpoLoss.compute(newLogp, scope.create(pick(oldLogp, idx)), a,
          ev.value(), scope.create(pick(oldValue, idx)), scope.create(pick(ret, idx)), entropy,
          cfg.clip_coef(), cfg.clip_vloss(), cfg.ent_coef(), cfg.vf_coef());
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
    adam.step(lr);
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

  /** Running means of named scalars. */
  private static final class Stats {
    private final Map<String, double[]> sums = new LinkedHashMap<>();

    void add(String key, double v) {
      double[] s = sums.computeIfAbsent(key, k -> new double[2]);
      s[0] += v;
      s[1]++;
    }

    Map<String, Double> means() {
      Map<String, Double> out = new LinkedHashMap<>();
      sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
      return out;
    }
  }
}
