package ai.vlarl.framework.eval;

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
 * A policy of known success on {@link CoinSimulator}: it flips (+1) when the state (seed mod 10)
 * is below {@code threshold}, else it plays −1; so an episode from seed s succeeds at its first
 * step exactly when s mod 10 < threshold. Greedy or not, it does the same. Counts its calls.
 */
final class ScriptedPolicy implements Policy {
  private final int threshold;
  private final int chunk;
  int calls;

  ScriptedPolicy(int threshold, int chunk) {
    this.threshold = threshold;
    this.chunk = chunk;
  }

  @Override
  public int chunk() {
    return chunk;
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
    calls++;
    int n = obs.size();
    float[] a = new float[n * chunk];
    int[] tokens = new int[n * chunk];
    for (int i = 0; i < n; i++) {
      boolean flip = obs.state().getFloat(i) < threshold;
      for (int c = 0; c < chunk; c++) {
        a[i * chunk + c] = flip ? 1 : -1;
        tokens[i * chunk + c] = flip ? 2 : 0;
      }
    }
    return new PolicyStep(HostArray.ofFloats(a, n, chunk, 1), HostArray.ofInts(tokens, n, chunk, 1),
        HostArray.ofFloats(new float[n * chunk], n, chunk, 1), new float[n]);
  }

  @Override
  public float[] value(Observations obs) {
    return new float[obs.size()];
  }

  @Override
  public Evaluation evaluate(NDManager manager, Observations obs, HostArray tokens) {
    throw new UnsupportedOperationException("not trainable");
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
