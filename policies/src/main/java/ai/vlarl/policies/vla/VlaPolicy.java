package ai.vlarl.policies.vla;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.ActionTokenizer;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.policies.CategoricalHead;
import ai.vlarl.policies.NoGrad;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;

/**
 * The OpenVLA-style policy ({@code policy.kind: vla}): {@link VlaNetwork} behind the framework's
 * {@link Policy} contract, so PPO trains it unchanged.
 *
 * <p>Acting. Each decision emits {@code chunk × actionDim} action tokens, OpenVLA's 256 bins
 * ({@link BinTokenizer}) over actions normalized with the checkpoint's {@link ActionStats}:
 *
 * <ul>
 *   <li>{@code autoregressive}: token by token, each conditioned on the previous ones (OpenVLA).
 *       With {@code kv_cache} the prefix runs once and each further token is one step against the
 *       cached keys and values; without, the whole sequence is recomputed per token (same tokens,
 *       slower — {@code vlarl bench policy} shows both).
 *   <li>{@code parallel}: the whole chunk in one pass, bidirectional over the action slots
 *       (OpenVLA-OFT); tokens of a decision are then independent given the observation.
 * </ul>
 *
 * Sampling draws from {@code softmax(logits / temperature)} over the 256 action tokens with one
 * {@link Rng} draw per token ({@link CategoricalHead#choose}; autoregressive decoding draws step by
 * step, rows in order); greedy takes the most likely token. Actions are {@code
 * stats.unnormalize(bin center)}.
 *
 * <p>Learning. {@link #evaluate} recomputes the token log-probs of given tokens in one
 * differentiable pass (teacher-forced for autoregressive decoding): {@code [B, chunk, dim]}, their
 * entropies, and the value head's estimate on the last prompt token. Action-level and chunk-level
 * log-probs are sums over {@code dim} and over {@code (chunk, dim)}.
 *
 * <p>Memory and threads as {@link ai.vlarl.policies.TokenPolicy}: one manager holds the
 * parameters; {@link #act} and {@link #value} work in a sub-manager closed before they return,
 * under {@link NoGrad}; {@link #evaluate} works in the caller's manager. Not thread-safe.
 *
 * <p>Weights ({@link #saveParameters}): a safetensors document ({@link VlaWeights}) holding every
 * parameter by name, the architecture, the vocabulary and the action statistics.
 */
public final class VlaPolicy implements Policy {
  public static final String KIND = "vla";

  private final VlaArch arch;
  private final VlaConfig.Decoding decoding;
  private final boolean kvCache;
  private final float temperature;
  private final NDManager manager;
  private final VlaNetwork net;
  private ActionStats stats;
  private boolean closed;

  /**
   * A freshly initialized policy.
   *
   * @param seed weight initialization: same seed, same weights
   */
  public VlaPolicy(
      VlaArch arch, VlaConfig.Decoding decoding, boolean kvCache, double temperature, long seed) {
    this.arch = arch;
    this.decoding = decoding;
    this.kvCache = kvCache;
    this.temperature = (float) temperature;
    this.stats = ActionStats.identity(arch.actionDim());
    NDManager m = NDManager.newBaseManager();
    try (NoGrad g = NoGrad.enter(m)) {
      this.net = new VlaNetwork(arch, m, seed);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    this.manager = m;
  }

  public VlaArch arch() {
    return arch;
  }

  public VlaConfig.Decoding decoding() {
    return decoding;
  }

  /** The network (a DJL block; its parameters are managed by this policy). */
  public VlaNetwork network() {
    return net;
  }

  /** The manager holding the parameters. */
  public NDManager manager() {
    return manager;
  }

  /** The action normalization statistics (identity until set from demonstrations or loaded). */
  public ActionStats stats() {
    return stats;
  }

  /** Sets the action normalization statistics (SFT computes them from its demonstrations). */
  public void setStats(ActionStats stats) {
    if (stats.dim() != arch.actionDim()) {
      throw new IllegalArgumentException(
          "action stats of " + stats.dim() + " dimensions for a policy of " + arch.actionDim());
    }
    this.stats = stats;
  }

  @Override
  public int chunk() {
    return arch.chunk();
  }

  @Override
  public int actionDim() {
    return arch.actionDim();
  }

  @Override
  public ActionTokenizer tokenizer() {
    return BinTokenizer.INSTANCE;
  }

  /** Number of trainable scalars. */
  public long parameterCount() {
    long n = 0;
    for (Parameter p : net.namedParameters().values()) {
      n += p.getArray().getShape().size();
    }
    return n;
  }

  @Override
  public PolicyStep act(Observations obs, boolean greedy, Rng rng) {
    return act(obs, greedy, rng, kvCache);
  }

  /**
   * As {@link #act(Observations, boolean, Rng)}, choosing whether autoregressive decoding uses
   * the KV cache (the benchmark compares both).
   */
  public PolicyStep act(Observations obs, boolean greedy, Rng rng, boolean useCache) {
    ensureOpen();
    if (!greedy && rng == null) {
      throw new IllegalArgumentException("sampling actions needs an Rng (or greedy=true)");
    }
    int n = obs.size();
    int slots = arch.actionTokens();
    int[] tokens = new int[n * slots];
    float[] chosen = new float[n * slots];
    float[] value = new float[n];
    if (n > 0) {
      VlaInputs in = VlaInputs.of(arch, obs);
      try (NoGrad g = NoGrad.enter(manager);
          NDManager sub = manager.newSubManager()) {
        if (decoding == VlaConfig.Decoding.PARALLEL) {
          VlaNetwork.Out out = net.decodeAll(sub, in, true, null);
          float[] logp = logProbs(out.logits()).toFloatArray();
          CategoricalHead.choose(logp, BinTokenizer.BINS, greedy, rng, tokens, chosen);
          value = out.value().toFloatArray();
        } else {
          value = decodeAutoregressive(sub, in, greedy, rng, useCache, tokens, chosen);
        }
      }
    }
    float[] actions = new float[n * slots];
    for (int i = 0; i < actions.length; i++) {
      actions[i] = stats.unnormalize(i % arch.actionDim(), BinTokenizer.INSTANCE.decode(tokens[i]));
    }
    int c = arch.chunk();
    int d = arch.actionDim();
    return new PolicyStep(
        HostArray.ofFloats(actions, n, c, d),
        HostArray.ofInts(tokens, n, c, d),
        HostArray.ofFloats(chosen, n, c, d),
        value);
  }

  private float[] decodeAutoregressive(
      NDManager m,
      VlaInputs in,
      boolean greedy,
      Rng rng,
      boolean useCache,
      int[] tokens,
      float[] chosen) {
    int n = in.rows;
    int slots = arch.actionTokens();
    KvCache cache = useCache ? new KvCache(arch.layers()) : null;
    VlaNetwork.Out first = net.decodeFirst(m, in, cache);
    float[] value = first.value().toFloatArray();
    NDArray logits = first.logits();
    int[] stepTokens = new int[n];
    float[] stepLogp = new float[n];
    for (int j = 0; j < slots; j++) {
      if (j > 0) {
        if (useCache) {
          logits = net.decodeStep(m, in, cache, tokens, slots, j);
        } else {
          // recompute: teacher-forced pass over the tokens chosen so far, slot j's logits
          logits = net.decodeAll(m, in, false, tokens).logits().get(":, {}, :", j);
        }
      }
      float[] logp = logProbs(logits).toFloatArray();
      CategoricalHead.choose(logp, BinTokenizer.BINS, greedy, rng, stepTokens, stepLogp);
      for (int i = 0; i < n; i++) {
        tokens[i * slots + j] = stepTokens[i];
        chosen[i * slots + j] = stepLogp[i];
      }
    }
    return value;
  }

  private NDArray logProbs(NDArray logits) {
    return Nn.temperedLogSoftmax(logits, temperature);
  }

  @Override
  public float[] value(Observations obs) {
    ensureOpen();
    if (obs.size() == 0) {
      return new float[0];
    }
    VlaInputs in = VlaInputs.of(arch, obs);
    try (NoGrad g = NoGrad.enter(manager);
        NDManager sub = manager.newSubManager()) {
      return net.decodeFirst(sub, in, null).value().toFloatArray();
    }
  }

  @Override
  public Evaluation evaluate(NDManager m, Observations obs, HostArray tokens) {
    return evaluateWithKeypoints(m, obs, tokens).evaluation();
  }

  /** {@link #evaluate} plus the keypoints of the pass (null without the keypoint token). */
  record KeypointEvaluation(Evaluation evaluation, NDArray keypoints) {}

  KeypointEvaluation evaluateWithKeypoints(NDManager m, Observations obs, HostArray tokens) {
    ensureOpen();
    int[] t = VlaInputs.checkTokens(arch, obs.size(), tokens);
    VlaInputs in = VlaInputs.of(arch, obs);
    VlaNetwork.Out out = net.decodeAll(m, in, decoding == VlaConfig.Decoding.PARALLEL, t);
    NDArray logp = logProbs(out.logits()); // [B, n, 256]
    NDArray idx = Policy.toNd(m, tokens).toType(DataType.INT64, false).reshape(in.rows, arch.actionTokens(), 1);
    NDArray chosen = logp.gather(idx, 2).reshape(in.rows, arch.chunk(), arch.actionDim());
    NDArray entropy =
        logp.exp().mul(logp).sum(new int[] {2}).neg().reshape(in.rows, arch.chunk(), arch.actionDim());
    return new KeypointEvaluation(new Evaluation(chosen, entropy, out.value()), out.keypoints());
  }

  /** Raw action-token logits {@code [B, chunk·dim, 256]} and values of a batch (no gradients). */
  public float[][] logitsAndValues(Observations obs, int[] teacherTokens) {
    ensureOpen();
    VlaInputs in = VlaInputs.of(arch, obs);
    try (NoGrad g = NoGrad.enter(manager);
        NDManager sub = manager.newSubManager()) {
      int[] t = teacherTokens == null ? new int[in.rows * arch.actionTokens()] : teacherTokens;
      VlaNetwork.Out out = net.decodeAll(sub, in, decoding == VlaConfig.Decoding.PARALLEL, t);
      return new float[][] {out.logits().toFloatArray(), out.value().toFloatArray()};
    }
  }

  @Override
  public PairList<String, Parameter> parameters() {
    Map<String, Parameter> all = net.namedParameters();
    return new PairList<>(new ArrayList<>(all.keySet()), new ArrayList<>(all.values()));
  }

  @Override
  public void saveParameters(DataOutputStream out) throws IOException {
    ensureOpen();
    VlaWeights.write(out, this);
  }

  /**
   * Reads weights written by {@link #saveParameters} (or any safetensors document with this
   * policy's tensor names and metadata). Refuses, before changing anything, a document of another
   * architecture or vocabulary (naming the field) or with missing, extra or misshaped tensors
   * (naming them). Parameters keep their arrays (values are copied in), so they still require
   * gradients and optimizer state stays attached.
   */
  @Override
  public void loadParameters(DataInputStream in) throws IOException {
    ensureOpen();
    VlaWeights.read(in, "policy weights", this);
  }

  /** Copies {@code values} into parameter {@code name} (shape already checked). */
  void setParameter(String name, float[] values) {
    Parameter p = net.namedParameters().get(name);
    try (NoGrad g = NoGrad.enter(manager)) {
      p.getArray().set(values);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("policy 'vla' is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }
}
