package ai.vlarl.policies;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The common body of the baseline policies: an {@link ActorCriticBlock} whose logits are read as
 * {@code chunk × actionDim} independent categoricals over {@link UniformLevels} tokens ({@link
 * CategoricalHead}). Subclasses only turn {@link Observations} into the block's inputs.
 *
 * <p>Memory: the policy owns one {@link NDManager} (a child of the engine's system manager) that
 * holds the parameters and nothing else; {@link #act} and {@link #value} work in a sub-manager
 * closed before they return, and {@link #evaluate} works in the caller's manager.
 *
 * <p>Autograd: {@link #act} and {@link #value} run under {@link NoGrad}; {@link #evaluate} records
 * a graph whenever the caller's thread has grad mode on (inside a {@code GradientCollector}).
 *
 * <p>Threads: DJL's PyTorch engine reads {@code -Dai.djl.pytorch.num_threads} and {@code
 * -Dai.djl.pytorch.num_interop_threads} once, when the engine loads; without them PyTorch's
 * defaults apply (intra-op = cores, or {@code OMP_NUM_THREADS}). Policies never set them: that is
 * the launcher's decision. On a loaded machine, fewer intra-op threads than free cores matter a
 * lot (see {@link PolicyBenchmark}).
 *
 * <p>Weights file ({@link #saveParameters}): a header (magic, format version, policy kind, every
 * parameter's name and shape) followed by DJL's own {@code Block.saveParameters} stream. The header
 * lets {@link #loadParameters} reject a file from a differently configured policy before touching
 * any weight (DJL checks names only, not shapes).
 */
public abstract class TokenPolicy implements Policy {
  private static final String MAGIC = "vlarl-token-policy";
  private static final int FORMAT = 1;

  private final String kind;
  private final NDManager manager;
  private final ActorCriticBlock block;
  private final int chunk;
  private final int actionDim;
  private final UniformLevels tokenizer;
  private boolean closed;

  /**
   * Creates the manager and initializes {@code block} in it (its initializers must already be set).
   *
   * @param kind the policy kind, e.g. {@code mlp}, written into weight files
   * @param inputShapes the block's input shapes for a batch of one
   */
  protected TokenPolicy(
      String kind,
      ActorCriticBlock block,
      int chunk,
      int actionDim,
      int bins,
      Shape... inputShapes) {
    this.kind = kind;
    this.block = block;
    this.chunk = chunk;
    this.actionDim = actionDim;
    this.tokenizer = new UniformLevels(bins);
    NDManager m = NDManager.newBaseManager();
    try {
      block.initialize(m, DataType.FLOAT32, inputShapes);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    this.manager = m;
  }

  /**
   * The block's inputs for {@code obs}, created in {@code m}. Implementations check that {@code
   * obs} has the parts and sizes this policy was built for and fail with an {@link
   * IllegalArgumentException} saying what differs.
   */
  protected abstract NDList inputs(NDManager m, Observations obs);

  /** The policy kind ({@code mlp}, {@code cnn}). */
  public String kind() {
    return kind;
  }

  /** The DJL block (for inspection; parameters are managed by this policy). */
  public ActorCriticBlock block() {
    return block;
  }

  /** The manager that holds the parameters. */
  public NDManager manager() {
    return manager;
  }

  @Override
  public int chunk() {
    return chunk;
  }

  @Override
  public int actionDim() {
    return actionDim;
  }

  @Override
  public ActionTokenizer tokenizer() {
    return tokenizer;
  }

  /** Number of trainable scalars. */
  public long parameterCount() {
    long n = 0;
    for (Parameter p : block.getParameters().values()) {
      n += p.getArray().getShape().size();
    }
    return n;
  }

  @Override
  public PolicyStep act(Observations obs, boolean greedy, Rng rng) {
    ensureOpen();
    if (!greedy && rng == null) {
      throw new IllegalArgumentException("sampling actions needs an Rng (or greedy=true)");
    }
    int n = obs.size();
    int slots = chunk * actionDim;
    int bins = tokenizer.bins();
    float[] logp;
    float[] value;
    if (n == 0) {
      logp = new float[0];
      value = new float[0];
    } else {
      try (NoGrad g = NoGrad.enter(manager);
          NDManager sub = manager.newSubManager()) {
        ActorCriticBlock.Heads h =
            block.heads(new ParameterStore(sub, false), inputs(sub, obs), false, true);
        logp = CategoricalHead.logProbs(h.logits(), chunk, actionDim, bins).toFloatArray();
        value = h.value().toFloatArray();
      }
    }
    int[] tokens = new int[n * slots];
    float[] chosen = new float[n * slots];
    CategoricalHead.choose(logp, bins, greedy, rng, tokens, chosen);
    float[] actions = new float[n * slots];
    for (int i = 0; i < actions.length; i++) {
      actions[i] = tokenizer.decode(tokens[i]);
    }
    return new PolicyStep(
        HostArray.ofFloats(actions, n, chunk, actionDim),
        HostArray.ofInts(tokens, n, chunk, actionDim),
        HostArray.ofFloats(chosen, n, chunk, actionDim),
        value);
  }

  @Override
  public float[] value(Observations obs) {
    ensureOpen();
    if (obs.size() == 0) {
      return new float[0];
    }
    try (NoGrad g = NoGrad.enter(manager);
        NDManager sub = manager.newSubManager()) {
      return block
          .heads(new ParameterStore(sub, false), inputs(sub, obs), false, false)
          .value()
          .toFloatArray();
    }
  }

  @Override
  public Evaluation evaluate(NDManager m, Observations obs, HostArray tokens) {
    ensureOpen();
    checkTokens(obs.size(), tokens);
    ActorCriticBlock.Heads h = block.heads(new ParameterStore(m, false), inputs(m, obs), true, true);
    NDArray logp = CategoricalHead.logProbs(h.logits(), chunk, actionDim, tokenizer.bins());
    NDArray chosen = CategoricalHead.tokenLogProb(logp, Policy.toNd(m, tokens));
    return new Evaluation(chosen, CategoricalHead.entropy(logp), h.value());
  }

  private void checkTokens(int n, HostArray tokens) {
    int[] want = {n, chunk, actionDim};
    if (tokens.dtype() != DType.INT32 || !Arrays.equals(tokens.shape(), want)) {
      throw new IllegalArgumentException(
          "tokens must be INT32" + Arrays.toString(want) + ", got " + tokens);
    }
    int bins = tokenizer.bins();
    for (int i = 0, size = tokens.size(); i < size; i++) {
      int t = tokens.getInt(i);
      if (t < 0 || t >= bins) {
        throw new IllegalArgumentException(
            "action token " + t + " at flat index " + i + " outside [0, " + bins + ")");
      }
    }
  }

  @Override
  public PairList<String, Parameter> parameters() {
    ParameterList ps = block.getParameters();
    return new PairList<>(new ArrayList<>(ps.keys()), new ArrayList<>(ps.values()));
  }

  @Override
  public void saveParameters(DataOutputStream out) throws IOException {
    ensureOpen();
    out.writeUTF(MAGIC);
    out.writeInt(FORMAT);
    out.writeUTF(kind);
    PairList<String, Parameter> ps = parameters();
    out.writeInt(ps.size());
    for (int i = 0; i < ps.size(); i++) {
      out.writeUTF(ps.keyAt(i));
      long[] shape = ps.valueAt(i).getArray().getShape().getShape();
      out.writeInt(shape.length);
      for (long d : shape) {
        out.writeLong(d);
      }
    }
    block.saveParameters(out);
    out.flush();
  }

  /**
   * Reads weights written by {@link #saveParameters} of a policy of the same kind and shapes.
   *
   * <p>DJL's {@code Parameter.load} replaces each parameter's NDArray with a freshly decoded one,
   * does not close the old one and does not mark the new one as requiring gradients. This method
   * repairs both: afterwards every parameter requires gradients again and the old arrays are
   * closed. Hold {@link Parameter}s, not their arrays, across a load.
   */
  /**
   * Reads {@link #MAGIC} as {@link #saveParameters} wrote it ({@code writeUTF}: a length, then the
   * ASCII bytes); another length is refused before reading on, so that a foreign file is not
   * mistaken for a truncated one.
   */
  private static void readMagic(DataInputStream in) throws IOException {
    byte[] expected = MAGIC.getBytes(StandardCharsets.US_ASCII);
    int length = in.readUnsignedShort();
    byte[] magic = length == expected.length ? in.readNBytes(length) : new byte[0];
    if (!Arrays.equals(expected, magic)) {
      throw new IOException("not a vlarl token-policy weights stream (it does not start with '"
          + MAGIC + "')");
    }
  }

  @Override
  public void loadParameters(DataInputStream in) throws IOException {
    ensureOpen();
    readMagic(in);
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException("unsupported token-policy weights format " + format);
    }
    String k = in.readUTF();
    if (!kind.equals(k)) {
      throw new IOException("weights are of a '" + k + "' policy, this one is '" + kind + "'");
    }
    PairList<String, Parameter> ps = parameters();
    int count = in.readInt();
    List<String> problems = new ArrayList<>();
    if (count != ps.size()) {
      problems.add(count + " parameters in the file, " + ps.size() + " in this policy");
    }
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      long[] shape = new long[in.readInt()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = in.readLong();
      }
      if (i < ps.size()) {
        long[] mine = ps.valueAt(i).getArray().getShape().getShape();
        if (!name.equals(ps.keyAt(i)) || !Arrays.equals(shape, mine)) {
          problems.add(
              name + Arrays.toString(shape) + " in the file vs " + ps.keyAt(i)
                  + Arrays.toString(mine) + " here");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException(
          "weights do not fit this '" + kind + "' policy (different config?): "
              + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
    }
    List<NDArray> old = new ArrayList<>(ps.size());
    for (Parameter p : ps.values()) {
      old.add(p.getArray());
    }
    try {
      block.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("corrupt policy weights: " + e.getMessage(), e);
    }
    for (int i = 0; i < ps.size(); i++) {
      Parameter p = ps.valueAt(i);
      NDArray fresh = p.getArray();
      if (fresh != old.get(i)) {
        fresh.setName(p.getName());
        if (p.requiresGradient()) {
          fresh.setRequiresGradient(true);
        }
        old.get(i).close();
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("policy '" + kind + "' is closed");
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
