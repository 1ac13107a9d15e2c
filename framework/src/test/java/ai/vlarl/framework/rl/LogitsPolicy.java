package ai.vlarl.framework.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import java.io.IOException;

/**
 * The smallest trainable policy: one free logit vector per token slot, ignoring the observation
 * ({@code actor_logits [chunk·dim, bins]}, zero-initialized: uniform), and one scalar value
 * ({@code critic_value}). Intermediate arrays of {@link #evaluate} stay in the policy's manager
 * until it closes (fine for tests). Tokens decode through {@link UniformLevels}. It can also sample at a
 * temperature ({@link TemperatureSampling}).
 */
final class LogitsPolicy implements Policy, TemperatureSampling {
  private final int chunk;
  private final int bins;
  private final NDManager manager = NDManager.newBaseManager();
  private final PairList<String, Parameter> params = new PairList<>();

  LogitsPolicy(int chunk, int bins) {
    this.chunk = chunk;
    this.bins = bins;
    params.add("actor_logits", param("actor_logits", new Shape(chunk, bins)));
    params.add("critic_value", param("critic_value", new Shape(1)));
  }

  private Parameter param(String name, Shape shape) {
    NDArray a = manager.zeros(shape);
    a.setRequiresGradient(true);
    return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(a).build();
  }

  NDArray logits() {
    return params.get(0).getValue().getArray();
  }

  /** Probabilities of slot {@code slot}'s tokens at temperature 1. */
  float[] probs(int slot) {
    try (NDManager m = manager.newSubManager()) {
      NDArray l = logits().get(slot).duplicate();
      l.attach(m);
      return l.softmax(0).toFloatArray();
    }
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
    return new UniformLevels(bins);
  }

  @Override
  public PolicyStep act(Observations obs, boolean greedy, Rng rng) {
    return sample(obs, greedy, rng, 1.0);
  }

  @Override
  public PolicyStep act(Observations obs, Rng rng, double temperature) {
    return sample(obs, false, rng, temperature);
  }

  private PolicyStep sample(Observations obs, boolean greedy, Rng rng, double temperature) {
    float[] lp;
    try (NDManager m = manager.newSubManager()) {
      NDArray l = logits().duplicate();
      l.attach(m);
      lp = l.div((float) temperature).logSoftmax(1).toFloatArray();
    }
    int n = obs.size();
    float[] actions = new float[n * chunk];
    int[] tokens = new int[n * chunk];
    float[] chosen = new float[n * chunk];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < chunk; c++) {
        int t = greedy ? argmax(lp, c) : draw(lp, c, rng.nextDouble());
        tokens[i * chunk + c] = t;
        chosen[i * chunk + c] = lp[c * bins + t];
        actions[i * chunk + c] = tokenizer().decode(t);
      }
    }
    return new PolicyStep(HostArray.ofFloats(actions, n, chunk, 1),
        HostArray.ofInts(tokens, n, chunk, 1), HostArray.ofFloats(chosen, n, chunk, 1),
        value(obs));
  }

  private int argmax(float[] lp, int c) {
    int best = 0;
    for (int b = 1; b < bins; b++) {
      best = lp[c * bins + b] > lp[c * bins + best] ? b : best;
    }
    return best;
  }

  private int draw(float[] lp, int c, double u) {
    double acc = 0;
    for (int b = 0; b < bins; b++) {
      acc += Math.exp(lp[c * bins + b]);
      if (u < acc) {
        return b;
      }
    }
    return bins - 1;
  }

  @Override
  public float[] value(Observations obs) {
    float v = params.get(1).getValue().getArray().getFloat(0);
    float[] out = new float[obs.size()];
    java.util.Arrays.fill(out, v);
    return out;
  }

  @Override
  public Evaluation evaluate(NDManager m, Observations obs, HostArray tokens) {
    return evaluate(m, obs, tokens, 1.0);
  }

  @Override
  public Evaluation evaluate(NDManager m, Observations obs, HostArray tokens, double temperature) {
    int n = obs.size();
    NDArray lp = logits().div((float) temperature).logSoftmax(1); // [chunk, bins]
    NDArray all = lp.expandDims(0).broadcast(new Shape(n, chunk, bins));
    NDArray idx = Policy.toNd(m, tokens).toType(DataType.INT64, false); // [n, chunk, 1]
    NDArray chosen = all.gather(idx, 2); // [n, chunk, 1]
    NDArray entropy = lp.exp().mul(lp).sum(new int[] {1}).neg()
        .expandDims(0).expandDims(2).broadcast(new Shape(n, chunk, 1));
    NDArray value = params.get(1).getValue().getArray().broadcast(new Shape(n));
    for (NDArray a : new NDArray[] {lp, all, idx, chosen, entropy, value}) {
      a.attach(m);
    }
    return new Evaluation(chosen, entropy, value);
  }

  @Override
  public PairList<String, Parameter> parameters() {
    return params;
  }

  @Override
  public void saveParameters(DataOutputStream out) throws IOException {
    for (Parameter p : params.values()) {
      float[] f = p.getArray().toFloatArray();
      out.writeInt(f.length);
      for (float x : f) {
        out.writeFloat(x);
      }
    }
  }

  @Override
  public void loadParameters(DataInputStream in) throws IOException {
    for (Parameter p : params.values()) {
      float[] f = new float[in.readInt()];
      for (int i = 0; i < f.length; i++) {
        f[i] = in.readFloat();
      }
      p.getArray().set(f);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
