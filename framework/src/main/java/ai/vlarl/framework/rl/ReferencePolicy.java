package ai.vlarl.framework.rl;

import ai.djl.ndarray.NDManager;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.Policy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The frozen reference policy of a KL penalty: a copy of the policy's weights taken when training
 * starts (after {@code policy.init}, so the SFT checkpoint when there is one). Rather than a second
 * model in memory next to the trained one, it keeps the serialized weights and evaluates by
 * swapping them in, without gradients, and back: exact, since the weights round-trip bit for bit.
 *
 * <p>On resume the reference is taken again from a freshly created policy, which is the same
 * weights: policy creation is deterministic in the config and its seed.
 */
final class ReferencePolicy {
  /** Differentiable-or-not evaluation of tokens (the policy at the algorithm's temperature). */
  @FunctionalInterface
  interface Evaluate {
    Evaluation apply(NDManager m, Observations obs, HostArray tokens);
  }

  private final Policy policy;
  private final byte[] weights;

  ReferencePolicy(Policy policy) {
    this.policy = policy;
    this.weights = save(policy);
  }

  /**
   * Reference log-probs of the rollout's stored tokens at {@code level}: {@code size · K} values
   * (row-major by rollout row), filled for {@code rows} only.
   *
   * @param batch rows per forward pass
   */
  float[] logProbs(Rollout rollout, int[] rows, LogProbLevel level, Evaluate eval, int batch) {
    int k = level.units(policy.chunk(), policy.actionDim());
    float[] out = new float[rollout.size() * k];
    byte[] current = save(policy);
    load(policy, weights);
    try (NDManager root = NDManager.newBaseManager()) {
      for (int s = 0; s < rows.length; s += batch) {
        int[] idx = Arrays.copyOfRange(rows, s, Math.min(rows.length, s + batch));
        Observations obs = rollout.observations().gather(idx);
        HostArray tokens = rollout.tokens().gather(idx);
        try (NDManager scope = root.newSubManager()) {
          float[] lp = level.reduce(eval.apply(scope, obs, tokens).tokenLogProb()).toFloatArray();
          for (int i = 0; i < idx.length; i++) {
            System.arraycopy(lp, i * k, out, idx[i] * k, k);
          }
        }
        java.lang.ref.Reference.reachabilityFence(obs);
        java.lang.ref.Reference.reachabilityFence(tokens);
      }
    } finally {
      load(policy, current);
    }
    return out;
  }

  private static byte[] save(Policy p) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      p.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void load(Policy p, byte[] w) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(w))) {
      p.loadParameters(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
