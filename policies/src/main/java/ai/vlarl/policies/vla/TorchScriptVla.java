package ai.vlarl.policies.vla;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
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
import java.util.Map;

/**
 * A VLA exported as TorchScript ({@link TorchScriptExport}), run through DJL's {@link
 * PtSymbolBlock} behind the framework's {@link Policy} contract ({@code policy.kind:
 * vla-torchscript}).
 *
 * <p>Inputs are laid out exactly as the Java {@link VlaPolicy} lays them out ({@link VlaInputs}:
 * the same checks and error messages), handed to the module's {@code forward(pixels, proprio,
 * prompt_ids, tokens)} as {@link TorchScriptInputs} lays them out (prompts left-padded with 0 to
 * {@code max_prompt_tokens}, proprio a column of zeros when the architecture has none).
 *
 * <p>Acting mirrors {@link VlaPolicy}: tokens drawn from {@code softmax(logits / temperature)} with
 * one {@link Rng} draw per token ({@link CategoricalHead#choose}), greedy takes the most likely,
 * actions are {@code stats.unnormalize(bin center)}. Parallel decoding takes one forward pass;
 * autoregressive decoding one pass per action token (teacher-forced over the tokens chosen so far;
 * the traced module has no KV cache).
 *
 * <p>Learning. With {@code trainable} the module is loaded with DJL's {@code trainParam}: its
 * parameters require gradients, {@link #parameters()} exposes them (named as in the PyTorch module,
 * e.g. {@code vla.value_head.fc1.weight}, so PPO finds the value head) and share storage with the
 * module, so an optimizer's in-place updates change what the module computes. {@link #evaluate}
 * runs the module in training mode, differentiably. Without {@code trainable} both refuse with a
 * {@link UserException}.
 *
 * <p>Weights ({@link #saveParameters}): a safetensors document of every module parameter by name
 * ({@link TorchScriptWeights}); {@code model.pt} itself is never rewritten. Not thread-safe.
 */
public final class TorchScriptVla implements Policy {
  public static final String KIND = "vla-torchscript";

  private final TorchScriptExport export;
  private final VlaArch arch;
  private final float temperature;
  private final boolean trainable;
  private final Model model;
  private final PtSymbolBlock block;
  private final PairList<String, Parameter> params;
  private boolean closed;

  private TorchScriptVla(TorchScriptExport export, double temperature, boolean trainable, Model model) {
    this.export = export;
    this.arch = export.arch();
    this.temperature = (float) temperature;
    this.trainable = trainable;
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
    this.params = new PairList<>();
    block.getDirectParameters().forEach(p -> params.add(p.getKey(), p.getValue()));
  }

  /**
   * Loads {@code export}'s module on DJL's default device.
   *
   * @throws UserException when {@code model.pt} is not a TorchScript module this libtorch reads
   */
  public static TorchScriptVla load(TorchScriptExport export, double temperature, boolean trainable) {
    Model model = Model.newInstance(KIND, "PyTorch");
    try {
      model.load(
          export.model().getParent(),
          TorchScriptExport.MODEL_FILE.replace(".pt", ""),
          Map.of("trainParam", String.valueOf(trainable), "mapLocation", "true"));
      return new TorchScriptVla(export, temperature, trainable, model);
    } catch (IOException | MalformedModelException | EngineException e) {
      model.close();
      throw new UserException(export.model() + " cannot be loaded as a TorchScript module: "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public TorchScriptExport export() {
    return export;
  }

  public VlaArch arch() {
    return arch;
  }

  /** The action normalization statistics of the export. */
  public ActionStats stats() {
    return export.stats();
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

  /**
   * Runs the module: logits {@code [B, chunk·dim, 256]} and values {@code [B]}, in {@code m}.
   *
   * @param tokens action tokens {@code [B · chunk·dim]} (teacher forcing for autoregressive
   *     decoding; ignored by parallel decoding)
   */
  private NDList forward(NDManager m, VlaInputs in, int[] tokens, boolean training) {
    NDList out = block.forward(new ParameterStore(m, false), TorchScriptInputs.of(m, arch, in, tokens), training);
    if (out.size() != 2) {
      throw new IllegalStateException(export.model() + " returned " + out.size()
          + " outputs; a BatchVla returns (logits, value)");
    }
    return out;
  }

  @Override
  public PolicyStep act(Observations obs, boolean greedy, Rng rng) {
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
      try (NoGrad g = NoGrad.enter(model.getNDManager());
          NDManager sub = model.getNDManager().newSubManager()) {
        if (export.decoding() == VlaConfig.Decoding.PARALLEL) {
          NDList out = forward(sub, in, tokens, false);
          CategoricalHead.choose(logProbs(out.get(0)).toFloatArray(), BinTokenizer.BINS, greedy, rng, tokens, chosen);
          value = out.get(1).toFloatArray();
        } else {
          value = decodeAutoregressive(sub, in, greedy, rng, tokens, chosen);
        }
      }
    }
    float[] actions = new float[n * slots];
    for (int i = 0; i < actions.length; i++) {
      actions[i] = stats().unnormalize(i % arch.actionDim(), BinTokenizer.INSTANCE.decode(tokens[i]));
    }
    int c = arch.chunk();
    int d = arch.actionDim();
    return new PolicyStep(
        HostArray.ofFloats(actions, n, c, d), HostArray.ofInts(tokens, n, c, d),
        HostArray.ofFloats(chosen, n, c, d), value);
  }

  /** Token by token: slot j's logits from a pass teacher-forced on the tokens chosen before j. */
  private float[] decodeAutoregressive(
      NDManager m, VlaInputs in, boolean greedy, Rng rng, int[] tokens, float[] chosen) {
    int n = in.rows;
    int slots = arch.actionTokens();
    int[] stepTokens = new int[n];
    float[] stepLogp = new float[n];
    float[] value = null;
    for (int j = 0; j < slots; j++) {
      try (NDManager step = m.newSubManager()) {
        NDList out = forward(step, in, tokens, false);
        if (value == null) {
          value = out.get(1).toFloatArray();
        }
        float[] logp = logProbs(out.get(0).get(":, {}, :", j)).toFloatArray();
        CategoricalHead.choose(logp, BinTokenizer.BINS, greedy, rng, stepTokens, stepLogp);
      }
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
    try (NoGrad g = NoGrad.enter(model.getNDManager());
        NDManager sub = model.getNDManager().newSubManager()) {
      return forward(sub, in, new int[in.rows * arch.actionTokens()], false).get(1).toFloatArray();
    }
  }

  @Override
  public Evaluation evaluate(NDManager m, Observations obs, HostArray tokens) {
    ensureOpen();
    requireTrainable("evaluate (the learner's differentiable pass)");
    int[] t = VlaInputs.checkTokens(arch, obs.size(), tokens);
    VlaInputs in = VlaInputs.of(arch, obs);
    NDList out = forward(m, in, t, true);
    NDArray logp = logProbs(out.get(0)); // [B, n, 256]
    long[] idx = new long[t.length];
    for (int i = 0; i < t.length; i++) {
      idx[i] = t[i];
    }
    NDArray index = m.create(idx, new Shape(in.rows, arch.actionTokens(), 1));
    NDArray chosen = logp.gather(index, 2).reshape(in.rows, arch.chunk(), arch.actionDim());
    NDArray entropy = logp.exp().mul(logp).sum(new int[] {2}).neg()
        .reshape(in.rows, arch.chunk(), arch.actionDim());
    return new Evaluation(chosen, entropy, out.get(1));
  }

  /** Raw action-token logits {@code [B, chunk·dim, 256]} and values of a batch (no gradients). */
  public float[][] logitsAndValues(Observations obs, int[] teacherTokens) {
    ensureOpen();
    VlaInputs in = VlaInputs.of(arch, obs);
    try (NoGrad g = NoGrad.enter(model.getNDManager());
        NDManager sub = model.getNDManager().newSubManager()) {
      int[] t = teacherTokens == null ? new int[in.rows * arch.actionTokens()] : teacherTokens;
      NDList out = forward(sub, in, t, false);
      return new float[][] {out.get(0).toType(DataType.FLOAT32, false).toFloatArray(), out.get(1).toFloatArray()};
    }
  }

  /** The module's parameters by name; refused when loaded with {@code trainable=false}. */
  @Override
  public PairList<String, Parameter> parameters() {
    ensureOpen();
    requireTrainable("training (the optimizer needs the parameters)");
    return params;
  }

  /** The parameters by name whether or not they are trainable (for saving and loading). */
  PairList<String, Parameter> namedParameters() {
    return params;
  }

  private void requireTrainable(String what) {
    if (!trainable) {
      throw new UserException("policy 'vla-torchscript' was loaded with policy.trainable=false: "
          + what + " is not available; set policy.trainable=true to fine-tune " + export.model());
    }
  }

  @Override
  public void saveParameters(DataOutputStream out) throws IOException {
    ensureOpen();
    TorchScriptWeights.write(out, this);
  }

  @Override
  public void loadParameters(DataInputStream in) throws IOException {
    ensureOpen();
    TorchScriptWeights.read(in, "policy weights", this);
  }

  /** Copies {@code values} into parameter {@code name} in place (shape already checked). */
  void setParameter(String name, float[] values) {
    try (NoGrad g = NoGrad.enter(model.getNDManager())) {
      params.get(name).getArray().set(values);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("policy 'vla-torchscript' is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }
}
