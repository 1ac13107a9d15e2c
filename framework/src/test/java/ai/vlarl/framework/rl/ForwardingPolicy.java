package ai.vlarl.framework.rl;

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
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** A policy that forwards every call to another (and nothing else: no temperature sampling). */
class ForwardingPolicy implements Policy {
  private final Policy inner;

  ForwardingPolicy(Policy inner) {
    this.inner = inner;
  }

  @Override
  public int chunk() {
    return inner.chunk();
  }

  @Override
  public int actionDim() {
    return inner.actionDim();
  }

  @Override
  public ActionTokenizer tokenizer() {
    return inner.tokenizer();
  }

  @Override
  public PolicyStep act(Observations obs, boolean greedy, Rng rng) {
    return inner.act(obs, greedy, rng);
  }

  @Override
  public float[] value(Observations obs) {
    return inner.value(obs);
  }

  @Override
  public Evaluation evaluate(NDManager manager, Observations obs, HostArray tokens) {
    return inner.evaluate(manager, obs, tokens);
  }

  @Override
  public PairList<String, Parameter> parameters() {
    return inner.parameters();
  }

  @Override
  public void saveParameters(DataOutputStream out) throws IOException {
    inner.saveParameters(out);
  }

  @Override
  public void loadParameters(DataInputStream in) throws IOException {
    inner.loadParameters(in);
  }

  @Override
  public void close() {
    inner.close();
  }
}
