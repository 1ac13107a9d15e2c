package ai.vlarl.simbridge;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.DType;
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

/** A policy that always emits the same one-step action (value 0): for rollout-level bridge tests. */
public final class ConstantPolicy implements Policy {
  private final float[] action;

  public ConstantPolicy(float... action) {
    this.action = action.clone();
  }

  @Override
  public int chunk() {
    return 1;
  }

  @Override
  public int actionDim() {
    return action.length;
  }

  @Override
  public ActionTokenizer tokenizer() {
    return new UniformLevels(3);
  }

  @Override
  public PolicyStep act(Observations obs, boolean greedy, Rng rng) {
    int n = obs.size();
    int d = action.length;
    float[] a = new float[n * d];
    int[] tokens = new int[n * d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        a[i * d + k] = action[k];
        tokens[i * d + k] = tokenizer().encode(action[k]);
      }
    }
    return new PolicyStep(HostArray.ofFloats(a, n, 1, d), HostArray.ofInts(tokens, n, 1, d),
        HostArray.allocate(DType.FLOAT32, n, 1, d), new float[n]);
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
