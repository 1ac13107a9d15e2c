package ai.vlarl.framework.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A stochastic policy with a value head that acts through discrete action tokens.
 *
 * <p>Rollout calls {@link #act} and {@link #value} (no gradients, host in, host out). The learner
 * calls {@link #evaluate} inside a {@code GradientCollector} with its own {@link NDManager} scope
 * and updates {@link #parameters()}. Implementations own their NDManager and free it in {@link
 * #close()}. Not thread-safe.
 */
public interface Policy extends AutoCloseable {

  /** Action steps emitted per decision (the chunk length). */
  int chunk();

  /** Action dimensions per step. */
  int actionDim();

  /** The token ↔ action mapping (tokens per dimension = {@code tokenizer().bins()}). */
  ActionTokenizer tokenizer();

  /**
   * Chooses actions for a batch.
   *
   * @param greedy take the most likely token of each dimension instead of sampling
   * @param rng the sampling randomness (unused when greedy); advanced deterministically
   */
  PolicyStep act(Observations obs, boolean greedy, Rng rng);

  /** Value estimates for a batch, {@code [N]}. */
  float[] value(Observations obs);

  /**
   * Differentiable log-probs, entropies and values of {@code tokens} under the current weights.
   *
   * @param manager the scope the results (and intermediates) are attached to; the caller closes it
   * @param tokens int32 {@code [B, chunk, dim]}, as returned in {@link PolicyStep#tokens()}
   */
  Evaluation evaluate(NDManager manager, Observations obs, HostArray tokens);

  /** Trainable parameters by name, in a fixed order. */
  PairList<String, Parameter> parameters();

  /** Writes all parameters. */
  void saveParameters(DataOutputStream out) throws IOException;

  /** Reads parameters written by {@link #saveParameters} of a policy with the same config. */
  void loadParameters(DataInputStream in) throws IOException;

  /** Utility to move a host array into an NDArray of {@code manager}. */
  static NDArray toNd(NDManager manager, HostArray a) {
    ai.djl.ndarray.types.DataType t =
        switch (a.dtype()) {
          case FLOAT32 -> ai.djl.ndarray.types.DataType.FLOAT32;
          case INT32 -> ai.djl.ndarray.types.DataType.INT32;
          case UINT8 -> ai.djl.ndarray.types.DataType.UINT8;
        };
    long[] shape = java.util.Arrays.stream(a.shape()).asLongStream().toArray();
    return manager.create(a.bytes(), new ai.djl.ndarray.types.Shape(shape), t);
  }

  @Override
  void close();
}
