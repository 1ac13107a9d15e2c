package ai.vlarl.framework.rl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * Group relative policy optimization for whole episodes, read top to bottom: the {@link
 * GroupEpisodeCollector} runs N / G groups of G episodes from shared initial states; each episode
 * gets a reward (binary success or its return), {@link GroupAdvantages} standardizes them within
 * each group, {@link GroupFilter} drops the groups outside the success-rate band, and every
 * decision of a kept episode is trained with the episode's advantage through the clipped {@link
 * Surrogate} (asymmetric and dual clip), minus an entropy bonus, plus an optional k3 KL penalty to
 * the {@link ReferencePolicy}. No critic: the value head is never trained.
 *
 * <p>The policy loss averages over every ratio of the minibatch. With {@code loss_mean: decisions}
 * a long episode weighs more than a short one, in proportion to its decisions; with {@code
 * episodes} each decision's advantage is scaled by {@link #episodeWeights} so that every kept
 * episode weighs the same whatever its length. An iteration where every group was filtered out
 * makes no update.
 */
public final class Grpo implements Algorithm {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Grpo.class);
  private final GrpoConfig cfg;
  private final Policy policy;
  private final Adam adam;
  private final NDManager root;
  private final ReferencePolicy reference;
  private GroupEpisodeCollector collector;

  /**
   * @throws IllegalArgumentException when {@code temperature != 1} and the policy cannot sample at
   *     a temperature ({@link TemperatureSampling})
   */
  public Grpo(GrpoConfig cfg, Policy policy) {
    if (cfg.temperature() != 1.0 && !(policy instanceof TemperatureSampling)) {
      throw new IllegalArgumentException("algo.temperature = " + cfg.temperature() + " needs a "
          + "policy that samples at a temperature, and " + policy.getClass().getSimpleName()
          + " does not (implement " + TemperatureSampling.class.getName() + "); use temperature 1");
    }
    this.cfg = cfg;
    this.policy = policy;
    this.adam = new Adam(policy.parameters(), 0.9, 0.999, cfg.adam_eps());
    this.root = NDManager.newBaseManager();
    this.reference = cfg.kl_coef() > 0 ? new ReferencePolicy(policy) : null;
  }

  @Override
  public ExperienceCollector collector(VectorEnv env, int rolloutSteps) {
    int longest = env.spec().maxHorizon();
    if ((long) rolloutSteps * policy.chunk() < longest) {
      LOG.warn("train.rollout_steps = {} decisions of {} steps cannot hold the longest episode ({} "
          + "steps): longer episodes are cut and scored as they stand; set train.rollout_steps >= {}",
          rolloutSteps, policy.chunk(), longest, (longest + policy.chunk() - 1) / policy.chunk());
    }
    collector = new GroupEpisodeCollector(env, policy.chunk(), policy.actionDim(), rolloutSteps,
        cfg.group_size(), this::act);
    return collector;
  }

  private PolicyStep act(Observations obs, Rng rng) {
    return cfg.temperature() == 1.0 ? policy.act(obs, false, rng)
        : ((TemperatureSampling) policy).act(obs, rng, cfg.temperature());
  }

  private Evaluation evaluate(NDManager m, Observations obs, HostArray tokens) {
    return cfg.temperature() == 1.0 ? policy.evaluate(m, obs, tokens)
        : ((TemperatureSampling) policy).evaluate(m, obs, tokens, cfg.temperature());
  }

  @Override
  public Map<String, Double> update(Rollout rollout, Rng rng, double progress) {
    if (collector == null || rollout != collector.rollout() || collector.lastOutcome() == null) {
      throw new IllegalStateException("GRPO learns from its own group collector's episodes; "
          + "the trainer must collect through Algorithm.collector");
    }
    int n = rollout.envs();
    int g = cfg.group_size();
    GroupEpisodeCollector.Outcome o = collector.lastOutcome();
    float[] rewards = new float[n];
    for (int i = 0; i < n; i++) {
      rewards[i] = cfg.reward() == GrpoConfig.Reward.SUCCESS ? (o.success()[i] ? 1f : 0f)
          : o.episodeReturn()[i];
    }
    float[] episodeAdv = GroupAdvantages.compute(rewards, g, GroupAdvantages.EPS);
    boolean[] keep = cfg.filter().keep(o.success(), g);
    int[] rows = keptRows(rollout, keep, g);
    float[] weight = cfg.loss_mean() == GrpoConfig.LossMean.EPISODES
        ? episodeWeights(rows, n) : null;

    RunningMeans stats = new RunningMeans();
    double lr = cfg.anneal_lr() ? cfg.learning_rate() * (1 - progress) : cfg.learning_rate();
    int kept = 0;
    for (boolean k : keep) {
      kept += k ? 1 : 0;
    }
    int epochsRun = 0;
    if (rows.length > 0) {
      LogProbLevel level = cfg.log_prob();
      float[] oldLogp = level.reduce(rollout.tokenLogProb(), rollout.size());
      int mbSize = Math.max(1, rows.length / cfg.minibatches());
      float[] refLogp = reference == null ? null
          : reference.logProbs(rollout, rows, level, this::evaluate, mbSize);
      int[] perm = rows.clone();
      for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
        System.arraycopy(rows, 0, perm, 0, rows.length);
        rng.shuffle(perm);
        for (int start = 0; start + mbSize <= perm.length; start += mbSize) {
          int[] idx = Arrays.copyOfRange(perm, start, start + mbSize);
          minibatchStep(rollout, idx, episodeAdv, weight, oldLogp, refLogp, lr, stats);
        }
        epochsRun++;
      }
    }
    Map<String, Double> out = stats.means();
    out.put("epochs", (double) epochsRun);
    out.put("learning_rate", lr);
    out.put("groups", (double) keep.length);
    out.put("kept_groups", (double) kept);
    out.put("kept_decisions", (double) rows.length);
    out.put("episode_reward", mean(rewards));
    out.put("cut_episodes", (double) o.cut());
    out.put("idle_steps", (double) o.idleSteps());
    return out;
  }

  /** The valid rows of the episodes of kept groups. */
  static int[] keptRows(Rollout rollout, boolean[] keepGroup, int groupSize) {
    int n = rollout.envs();
    return Arrays.stream(rollout.validRows()).filter(r -> keepGroup[(r % n) / groupSize]).toArray();
  }

  /**
   * Per sub-env weights that make every kept episode weigh the same in a loss averaged over
   * decisions: {@code w_e = R / (E * L_e)}, with R kept decisions, E kept episodes and L_e the
   * decisions of episode e (each sub-env plays one episode per iteration). The weights of all
   * kept decisions average to 1, so the loss keeps its scale; {@code sum over e's decisions of
   * w_e = R / E}, the same for every episode. Sub-envs with no kept decision get 0.
   */
  static float[] episodeWeights(int[] rows, int envs) {
    int[] length = new int[envs];
    for (int r : rows) {
      length[r % envs]++;
    }
    int episodes = 0;
    for (int l : length) {
      episodes += l > 0 ? 1 : 0;
    }
    float[] w = new float[envs];
    for (int e = 0; e < envs; e++) {
      w[e] = length[e] == 0 ? 0f : (float) rows.length / ((float) episodes * length[e]);
    }
    return w;
  }

  /**
   * One minibatch: the clipped surrogate of its decisions with their episodes' advantages (times
   * the episode weights when given: the surrogate, dual clip included, is linear in a positive
   * scale of the advantage, so this weighs each decision's loss).
   */
  private void minibatchStep(Rollout rollout, int[] idx, float[] episodeAdv, float[] weight,
      float[] oldLogp, float[] refLogp, double lr, RunningMeans stats) {
    int n = rollout.envs();
    int k = cfg.log_prob().units(policy.chunk(), policy.actionDim());
    Observations obs = rollout.observations().gather(idx);
    HostArray tokens = rollout.tokens().gather(idx);
    float[] adv = new float[idx.length];
    for (int i = 0; i < idx.length; i++) {
      adv[i] = episodeAdv[idx[i] % n] * (weight == null ? 1f : weight[idx[i] % n]);
    }
    try (NDManager scope = root.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      Evaluation ev = evaluate(scope, obs, tokens);
      NDArray newLogp = cfg.log_prob().reduce(ev.tokenLogProb());
      NDArray old = scope.create(units(oldLogp, idx, k)).reshape(newLogp.getShape());
      Surrogate.Terms s = Surrogate.compute(newLogp, old, scope.create(adv), cfg.clip_low(),
          cfg.clip_high(), cfg.dual_clip());
      NDArray entropy = ev.tokenEntropy().sum(new int[] {1, 2}).mean();
      NDArray loss = s.loss();
      if (cfg.ent_coef() > 0) {
        loss = loss.sub(PpoLoss.scale(entropy, (float) cfg.ent_coef()));
      }
      if (refLogp != null) {
        NDArray ref = scope.create(units(refLogp, idx, k)).reshape(newLogp.getShape());
        NDArray kl = Surrogate.klToReference(newLogp, ref);
        loss = loss.add(PpoLoss.scale(kl, (float) cfg.kl_coef()));
        stats.add("kl_ref", kl.getFloat());
      }
      float l = loss.getFloat();
      if (!Float.isFinite(l)) {
        throw new IllegalStateException("GRPO loss is " + l + "; training diverged (lower "
            + "algo.learning_rate)");
      }
      gc.backward(loss);
      java.lang.ref.Reference.reachabilityFence(obs);
      java.lang.ref.Reference.reachabilityFence(tokens);
      stats.add("loss", l);
      stats.add("policy_loss", s.loss().getFloat());
      stats.add("entropy", entropy.getFloat());
      stats.add("approx_kl", s.approxKl().getFloat());
      stats.add("clip_frac", s.clipFraction().getFloat());
    }
    stats.add("grad_norm", GradientClipping.clipGlobalNorm(policy.parameters(), cfg.max_grad_norm()));
    adam.step(lr);
  }

  /** The K values of each of {@code rows} from a row-major {@code [rows, K]} array. */
  static float[] units(float[] perRow, int[] rows, int k) {
    float[] out = new float[rows.length * k];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(perRow, rows[i] * k, out, i * k, k);
    }
    return out;
  }

  private static double mean(float[] a) {
    double s = 0;
    for (float x : a) {
      s += x;
    }
    return a.length == 0 ? Double.NaN : s / a.length;
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
