package ai.vlarl.simbridge.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.ActionTokenizer;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.framework.policy.UniformLevels;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/**
 * A rollout-only policy whose inference costs a set time per row (burning the CPU, as CPU
 * inference does): uniform random tokens over 11 levels, one draw per slot, rows in order.
 */
public final class ControlledPolicy implements Policy {
  private static final int BINS = 11;
  private final long nanosPerRow;
  private final int chunk;
  private final int dim;

  /** @param microsPerRow inference cost of one row (one sub-env's decision) */
  public ControlledPolicy(long microsPerRow, int chunk, int dim) {
    this.nanosPerRow = microsPerRow * 1000;
    this.chunk = chunk;
    this.dim = dim;
  }

  @Override
  public int chunk() {
    return chunk;
  }

  @Override
  public int actionDim() {
    return dim;
  }

  @Override
  public ActionTokenizer tokenizer() {
    return new UniformLevels(BINS);
  }

  @Override
  public PolicyStep act(Observations obs, boolean greedy, Rng rng) {
    int n = obs.size();
    Cost.spend(nanosPerRow * n, true);
    int slots = n * chunk * dim;
    float[] actions = new float[slots];
    int[] tokens = new int[slots];
    float[] logp = new float[slots];
    UniformLevels levels = new UniformLevels(BINS);
    for (int s = 0; s < slots; s++) {
      tokens[s] = greedy ? BINS / 2 : rng.nextInt(BINS);
      actions[s] = levels.decode(tokens[s]);
      logp[s] = (float) -Math.log(BINS);
    }
    return new PolicyStep(HostArray.ofFloats(actions, n, chunk, dim), HostArray.ofInts(tokens, n, chunk, dim),
        HostArray.ofFloats(logp, n, chunk, dim), new float[n]);
  }

  @Override
  public float[] value(Observations obs) {
    return new float[obs.size()];
  }

  @Override
  public Evaluation evaluate(NDManager manager, Observations obs, HostArray tokens) {
    throw new UnsupportedOperationException("the controlled policy only acts (benchmarks)");
  }

  @Override
  public PairList<String, Parameter> parameters() {
    return new PairList<>();
  }

  @Override
  public void saveParameters(DataOutputStream out) {}

  @Override
  public void loadParameters(DataInputStream in) {}

  @Override
  public void close() {}
}
