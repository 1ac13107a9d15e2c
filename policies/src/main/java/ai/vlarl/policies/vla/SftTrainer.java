package ai.vlarl.policies.vla;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.rl.Adam;
import ai.vlarl.framework.rl.GradientClipping;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Supervised fine-tuning of a {@link VlaPolicy} on demonstrations: cross-entropy on the action
 * tokens of each step's action chunk (OpenVLA's objective), the learning signal PPO later starts
 * from.
 *
 * <ol>
 *   <li>Action statistics (q01/q99 per dimension) are computed from every demonstrated action and
 *       set on the policy; labels are the chunk's actions, normalized and tokenized ({@link
 *       BinTokenizer}).
 *   <li>{@code epochs} passes over the steps in a shuffled order (with {@code balance_tasks}, every
 *       task equally often: the shorter reach episodes would otherwise be a small share of the
 *       steps), minibatches of {@code
 *       batch_size}; each step minimizes {@code -mean(log p(label token))} through {@link
 *       VlaPolicy#evaluate} (teacher-forced for autoregressive decoding), Adam with global-norm
 *       clipping, learning rate warmed up linearly over the first 5% of steps, then cosine-decayed
 *       to a tenth.
 * </ol>
 *
 * With {@code aux_weight > 0}, a policy with the keypoint token and a dataset recording object
 * positions, each step also minimizes {@code aux_weight · mean((W k + b - positions)²)}: a linear
 * probe ({@code W}, {@code b}, trained here and then discarded) from the keypoints {@code k} to
 * the privileged positions of the task's objects. The probe is the shortest path from the
 * positions to the vision stem, so localization is learned in hundreds of steps instead of
 * thousands; the policy itself never sees the positions.
 *
 * <p>The value head is not trained here (PPO fits it). Deterministic given the seed.
 */
public final class SftTrainer {
  /**
   * Receives progress after every gradient step: the step's action-token loss, mean label
   * probability and auxiliary probe loss (NaN without the probe).
   */
  public interface Progress {
    void step(int done, int total, double loss, double labelProb, double auxLoss);
  }

  private SftTrainer() {}

  /**
   * Trains {@code policy} on {@code data}; returns {@code loss} and {@code label_prob} (the mean
   * probability of the label tokens; both over the last epoch, under the weights of each step),
   * {@code aux_loss} (the auxiliary probe's loss over the last epoch, NaN without the probe),
   * {@code steps}, {@code samples} and {@code seconds}.
   */
  public static Map<String, Double> train(
      VlaPolicy policy, EpisodeDataset data, SftConfig cfg, long seed, Progress progress) {
    VlaArch arch = policy.arch();
    if (data.actionDim() != arch.actionDim() || data.imageSize() != arch.imageSize()
        || (arch.proprioDim() > 0 && data.proprioDim() != arch.proprioDim())) {
      throw new UserException(
          "demonstrations of " + data.imageSize() + "px images, proprio " + data.proprioDim()
              + ", " + data.actionDim() + " action dims do not fit a policy of " + arch.imageSize()
              + "px, proprio " + arch.proprioDim() + ", " + arch.actionDim() + " dims (policy.sft.dataset "
              + "against env.image_size and the env's action and proprio sizes)");
    }
    if (arch.wrist() && !data.hasWrist()) {
      throw new UserException(
          "the policy reads wrist images (policy.wrist_image) but the demonstrations have none"
              + " (record them with env.wrist_camera=true)");
    }
    ActionStats stats = ActionStats.fromActions(data.actions(), data.actionDim());
    policy.setStats(stats);
    int rows = data.steps();
    int batch = Math.min(cfg.batch_size(), rows);
    int perEpoch = rows / batch;
    int total = perEpoch * cfg.epochs();
    Rng rng = Rng.derive(seed, "sft-shuffle");
    long t0 = System.nanoTime();
    double lossSum = 0;
    double accSum = 0;
    double auxSum = 0;
    int counted = 0;
    int done = 0;
    try (NDManager root = NDManager.newBaseManager()) {
      AuxProbe probe = AuxProbe.create(policy, data, cfg.aux_weight(), root, seed);
      try (Adam adam =
          new Adam(probe == null ? policy.parameters() : probe.withPolicy(policy), 0.9, 0.999, 1e-8)) {
        int[][] byTask = cfg.balance_tasks() ? data.stepsByTask() : new int[][] {allSteps(rows)};
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
          int[] order = balancedOrder(byTask, rows, rng);
          boolean last = epoch == cfg.epochs() - 1;
          for (int b = 0; b < perEpoch; b++) {
            int[] idx = java.util.Arrays.copyOfRange(order, b * batch, (b + 1) * batch);
            double[] la = step(policy, data, stats, idx, root, probe);
            GradientClipping.clipGlobalNorm(policy.parameters(), cfg.max_grad_norm());
            adam.step(learningRate(cfg.learning_rate(), done, total));
            done++;
            if (last) {
              lossSum += la[0];
              accSum += la[1];
              auxSum += la[2];
              counted++;
            }
            if (progress != null) {
              progress.step(done, total, la[0], la[1], la[2]);
            }
          }
        }
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", counted == 0 ? Double.NaN : lossSum / counted);
    m.put("label_prob", counted == 0 ? Double.NaN : accSum / counted);
    m.put("aux_loss", counted == 0 ? Double.NaN : auxSum / counted);
    m.put("steps", (double) done);
    m.put("samples", (double) done * batch);
    m.put("seconds", (System.nanoTime() - t0) / 1e9);
    return m;
  }

  private static int[] allSteps(int rows) {
    int[] all = new int[rows];
    for (int i = 0; i < rows; i++) {
      all[i] = i;
    }
    return all;
  }

  /**
   * One epoch's order of {@code rows} step indices with every group (task) equally often: group g
   * supplies {@code rows / G} indices (the first {@code rows % G} groups one more), taken from its
   * steps in a shuffled order, reshuffled and repeated when a short group runs out; the result is
   * shuffled. With one group it is a permutation of that group's steps.
   */
  static int[] balancedOrder(int[][] groups, int rows, Rng rng) {
    int g = groups.length;
    int[] order = new int[rows];
    int o = 0;
    for (int k = 0; k < g; k++) {
      int want = rows / g + (k < rows % g ? 1 : 0);
      int[] pool = groups[k].clone();
      int next = pool.length;
      for (int i = 0; i < want; i++) {
        if (next == pool.length) {
          rng.shuffle(pool);
          next = 0;
        }
        order[o++] = pool[next++];
      }
    }
    if (g > 1) {
      rng.shuffle(order); // interleave the groups (one group's draws are already shuffled)
    }
    return order;
  }

  /** Warm-up over the first 5% of steps, then cosine decay from {@code base} to {@code base/10}. */
  static double learningRate(double base, int step, int total) {
    int warm = Math.max(1, total / 20);
    if (step < warm) {
      return base * (step + 1) / warm;
    }
    double p = (double) (step - warm) / Math.max(1, total - warm);
    return base * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * p)));
  }

  /** One forward/backward on rows {@code idx}: returns the loss and the mean label probability. */
  private static double[] step(
      VlaPolicy policy,
      EpisodeDataset data,
      ActionStats stats,
      int[] idx,
      NDManager root,
      AuxProbe probe) {
    VlaArch arch = policy.arch();
    Observations obs = data.observations(idx);
    float[] chunks = data.chunks(idx, arch.chunk());
    int[] labels = new int[chunks.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = BinTokenizer.INSTANCE.encode(stats.normalize(i % arch.actionDim(), chunks[i]));
    }
    HostArray tokens = HostArray.ofInts(labels, idx.length, arch.chunk(), arch.actionDim());
    try (NDManager scope = root.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      VlaPolicy.KeypointEvaluation ke = policy.evaluateWithKeypoints(scope, obs, tokens);
      Evaluation e = ke.evaluation();
      NDArray loss = e.tokenLogProb().mean().neg();
      float value = loss.getFloat();
      float aux = Float.NaN;
      if (probe != null) {
        NDArray a = probe.loss(ke.keypoints(), data.targets(idx));
        aux = a.getFloat();
        loss = loss.add(a);
      }
      if (!Float.isFinite(value)) {
        throw new IllegalStateException(
            "SFT loss is " + value + "; training diverged (lower policy.sft.learning_rate)");
      }
      gc.backward(loss);
      float[] lp = e.tokenLogProb().toFloatArray();
      double p = 0;
      for (float x : lp) {
        p += Math.exp(x);
      }
      return new double[] {value, p / lp.length, aux};
    }
  }
}
