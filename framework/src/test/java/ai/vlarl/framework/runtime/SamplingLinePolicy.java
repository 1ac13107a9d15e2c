package ai.vlarl.framework.runtime;

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
 * A stochastic policy for the line env, without DJL: per row one {@code rng.nextDouble()} picks
 * one of 3 tokens (left, stay, right: actions -1, 0, 1) with probabilities 0.2, 0.3, 0.5; the
 * value is {@code 2x + 0.1}. Rows drawn in order, like {@code CategoricalHead}. Each call can
 * sleep {@code nanosPerRow} per row, a stand-in for inference cost.
 */
final class SamplingLinePolicy implements Policy {
  private static final float[] LOGP = {(float) Math.log(0.2), (float) Math.log(0.3), (float) Math.log(0.5)};
  private final long nanosPerRow;
  /** Calls of act so far (read from other threads too). */
  volatile int actCalls;

  SamplingLinePolicy(long nanosPerRow) {
    this.nanosPerRow = nanosPerRow;
  }

  @Override
  public int chunk() {
    return 1;
  }

  @Override
  public int actionDim() {
    return 1;
  }

  @Override
  public ActionTokenizer tokenizer() {
    return new UniformLevels(3);
  }

  @Override
  public PolicyStep act(Observations obs, boolean greedy, Rng rng) {
    actCalls++;
    pause(obs.size());
    int n = obs.size();
    float[] actions = new float[n];
    int[] tokens = new int[n];
    float[] logp = new float[n];
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble();
      int tok = u < 0.2 ? 0 : u < 0.5 ? 1 : 2;
      tokens[i] = tok;
      actions[i] = tok - 1;
      logp[i] = LOGP[tok];
    }
    return new PolicyStep(HostArray.ofFloats(actions, n, 1, 1), HostArray.ofInts(tokens, n, 1, 1),
        HostArray.ofFloats(logp, n, 1, 1), values(obs));
  }

  @Override
  public float[] value(Observations obs) {
    pause(obs.size());
    return values(obs);
  }

  private static float[] values(Observations obs) {
    float[] v = new float[obs.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * obs.state().getFloat(i) + 0.1f;
    }
    return v;
  }

  private void pause(int rows) {
    if (nanosPerRow > 0) {
      try {
        Thread.sleep((nanosPerRow * rows) / 1_000_000, (int) ((nanosPerRow * rows) % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public Evaluation evaluate(NDManager manager, Observations obs, HostArray tokens) {
    throw new UnsupportedOperationException("rollout only");
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
