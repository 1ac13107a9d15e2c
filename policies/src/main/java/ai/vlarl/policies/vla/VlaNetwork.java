package ai.vlarl.policies.vla;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * The OpenVLA-style network as a DJL block: vision tower(s) over image patches, a projector MLP
 * into the backbone's width, an optional proprio projector (one token), the prompt's token
 * embeddings, the causal backbone, the action head (the rows of the LM head for the 256 action
 * tokens) and a value head on the hidden state of the last prompt token.
 *
 * <pre>
 *   patches ─ VisionTower(s) ─ concat ─ pool ─ projector ─┐
 *   proprio ─ proprio_projector ──────────────────────────┤
 *   [BOS], prompt ─ embed_tokens ─────────────────────────┴─ + embed_positions ─ Backbone ─ norm
 *        hidden[T0 - 1]         ─ value_head (Linear, GELU, Linear) ─ value
 *        hidden[action slots]   ─ action_head (Linear, no bias)     ─ logits over 256 tokens
 * </pre>
 *
 * Parameters other than the towers' and the backbone's: {@code projector.fc1/fc2[/fc3].{weight,
 * bias}} (GELU between; the third layer with fused towers, as OpenVLA's fused projector), {@code
 * proprio_projector.fc1/fc2.{weight,bias}} (GELU between, as OpenVLA-OFT's), {@code
 * action_head.weight [256, d]} (row t = action token t = vocabulary id V - 1 - t) and {@code
 * value_head.fc1/fc2.{weight,bias}}.
 *
 * <p>All parameters are created and initialized in the constructor ({@link ParamSet}); the
 * forward passes are {@link #decodeAll}, {@link #decodeFirst} and {@link #decodeStep}, called by
 * {@link VlaPolicy}, which prepares their inputs ({@link VlaInputs}) from observations.
 */
public final class VlaNetwork extends AbstractBlock {
  private final VlaArch arch;
  private final ParamSet params;
  private final VisionTower[] towers;
  private final Parameter[] projector;
  private final Parameter[] keypoints;
  private final Parameter[] proprio;
  private final Backbone llm;
  private final Parameter actionHead;
  private final Parameter[] valueHead;

  /** Builds the network in {@code manager}, initialized from {@code seed}. */
  VlaNetwork(VlaArch arch, NDManager manager, long seed) {
    super((byte) 1);
    this.arch = arch;
    this.params = new ParamSet(manager, seed);
    towers =
        arch.fused()
            ? new VisionTower[] {
              new VisionTower(params, "vision.dino", arch, VisionTower.PixelNorm.IMAGENET),
              new VisionTower(params, "vision.siglip", arch, VisionTower.PixelNorm.HALF)
            }
            : new VisionTower[] {new VisionTower(params, "vision", arch, VisionTower.PixelNorm.HALF)};
    long in = (long) towers.length * arch.visionWidth() * arch.pool() * arch.pool();
    long d = arch.width();
    double std = 0.02;
    projector =
        arch.fused()
            ? new Parameter[] {
              params.weight("projector.fc1.weight", std, d, in), params.bias("projector.fc1.bias", d),
              params.weight("projector.fc2.weight", std, d, d), params.bias("projector.fc2.bias", d),
              params.weight("projector.fc3.weight", std, d, d), params.bias("projector.fc3.bias", d)
            }
            : new Parameter[] {
              params.weight("projector.fc1.weight", std, d, in), params.bias("projector.fc1.bias", d),
              params.weight("projector.fc2.weight", std, d, d), params.bias("projector.fc2.bias", d)
            };
    long kpIn = arch.keypointWidth();
    keypoints =
        arch.keypoints()
            ? new Parameter[] {
              params.weight("keypoint_projector.fc1.weight", std, d, kpIn),
              params.bias("keypoint_projector.fc1.bias", d),
              params.weight("keypoint_projector.fc2.weight", std, d, d),
              params.bias("keypoint_projector.fc2.bias", d)
            }
            : null;
    proprio =
        arch.proprioDim() > 0
            ? new Parameter[] {
              params.weight("proprio_projector.fc1.weight", std, d, arch.proprioDim()),
              params.bias("proprio_projector.fc1.bias", d),
              params.weight("proprio_projector.fc2.weight", std, d, d),
              params.bias("proprio_projector.fc2.bias", d)
            }
            : null;
    llm = new Backbone(params, arch);
    // small logits at first (std 0.02/√d per weight: logits of std ≈ 0.02), a near-uniform policy
    actionHead = params.weight("action_head.weight", std / Math.sqrt(d), BinTokenizer.BINS, d);
    long vh = arch.valueHidden();
    valueHead =
        new Parameter[] {
          params.weight("value_head.fc1.weight", std, vh, d), params.bias("value_head.fc1.bias", vh),
          params.weight("value_head.fc2.weight", std, 1, vh), params.bias("value_head.fc2.bias", 1)
        };
    for (Parameter p : params.all().values()) {
      addParameter(p);
    }
  }

  public VlaArch arch() {
    return arch;
  }

  /** Parameters by name, in the fixed order of the architecture. */
  Map<String, Parameter> namedParameters() {
    return params.all();
  }

  /** The prefix's embeddings and what later steps need of it. */
  record Prefix(NDArray embeddings, NDArray positions, NDArray keypoints) {}

  /**
   * Input embeddings of the prefix {@code [B, T0, d]} (positions added), plus the position ids of
   * the prefix and {@code actions} action slots {@code [B, T0 + actions]}.
   */
  Prefix prefix(NDManager m, VlaInputs in, int actions) {
    NDArray text = llm.embedTokens(in.textIds(m));
    // FiLM's language embedding: the mean embedding of the instruction's tokens, and with film
    // order the position-weighted mean after it (a bag of words cannot tell which color is the
    // block's and which the goal's)
    NDArray lang = arch.film() ? text.mul(in.instructionMeanWeights(m)).sum(new int[] {1}) : null;
    if (arch.filmOrder()) {
      lang = lang.concat(text.mul(in.instructionMomentWeights(m)).sum(new int[] {1}), 1);
    }
    NDArray input = arch.convStem() ? in.pixels(m) : in.patches(m);
    NDArray vis = null;
    NDArray kp = null;
    int pixels = arch.patch() * arch.patch();
    for (VisionTower t : towers) {
      NDArray f;
      if (t.convStem()) {
        NDArray maps = t.stem(input, lang);
        f = t.tokens(maps, lang);
        if (keypoints != null) {
          NDArray k = t.keypointsOf(maps);
          kp = kp == null ? k : kp.concat(k, 1);
        }
      } else {
        f = t.forward(input, pixels, lang);
      }
      vis = vis == null ? f : vis.concat(f, 2);
    }
    vis = pool(vis);
    NDArray x = Nn.linear(Nn.gelu(Nn.linear(vis, projector[0], projector[1])), projector[2], projector[3]);
    if (projector.length > 4) {
      x = Nn.linear(Nn.gelu(x), projector[4], projector[5]);
    }
    NDArray bos = text.get(new NDIndex(":, 0:1, :"));
    NDArray prompt = text.get(new NDIndex(":, 1:, :"));
    NDList parts = new NDList(bos, x);
    if (keypoints != null) {
      NDArray k = Nn.linear(Nn.gelu(Nn.linear(kp, keypoints[0], keypoints[1])), keypoints[2], keypoints[3]);
      parts.add(k.expandDims(1));
    }
    if (proprio != null) {
      NDArray p = Nn.linear(Nn.gelu(Nn.linear(in.proprio(m), proprio[0], proprio[1])), proprio[2], proprio[3]);
      parts.add(p.expandDims(1));
    }
    parts.add(prompt);
    NDArray positions = in.positions(m, actions);
    NDArray prefixPos = positions.get(new NDIndex(":, 0:{}", in.prefixLen));
    NDArray emb = NDArrays.concat(parts, 1).add(llm.embedPositions(prefixPos));
    return new Prefix(emb, positions, kp);
  }

  /**
   * Merges {@code pool × pool} neighbouring patch features into one token by concatenation
   * (pixel-unshuffle): {@code [B, g², c]} → {@code [B, (g/k)², k²·c]}, features ordered (row
   * offset, column offset, channel) within a group, groups in row-major order.
   */
  private NDArray pool(NDArray vis) {
    int k = arch.pool();
    if (k == 1) {
      return vis;
    }
    long b = vis.getShape().get(0);
    long c = vis.getShape().get(2);
    long g = arch.grid();
    return vis.reshape(b, g / k, k, g / k, k, c)
        .transpose(0, 1, 3, 2, 4, 5)
        .reshape(b, (g / k) * (g / k), k * k * c);
  }

  /**
   * What a pass over the prefix and action slots yields; {@code keypoints} are the spatial-softmax
   * keypoints {@code [B, towers·w]} (null without the keypoint token), for SFT's auxiliary probe.
   */
  record Out(NDArray logits, NDArray value, NDArray keypoints) {}

  /**
   * One pass over the prefix and {@code n} action slots, all logits at once.
   *
   * <p>Teacher-forced autoregressive ({@code parallel = false}): slot j's logits come from the
   * hidden state before action token j, the inputs after the prefix being the embeddings of
   * action tokens 0..n-2 ({@code tokens}, row-major {@code [B, n]}). Parallel (OpenVLA-OFT): the n
   * slots are zero embeddings (positions only) that attend to the whole prefix and to each other;
   * slot j's logits come from its own position, and {@code tokens} is unused.
   *
   * @return logits {@code [B, n, 256]} and value {@code [B]}
   */
  Out decodeAll(NDManager m, VlaInputs in, boolean parallel, int[] tokens) {
    int n = arch.actionTokens();
    int extra = parallel ? n : n - 1;
    Prefix p = prefix(m, in, extra);
    NDArray x = p.embeddings();
    if (extra > 0) {
      NDArray pos = llm.embedPositions(p.positions().get(new NDIndex(":, {}:", in.prefixLen)));
      NDArray slots =
          parallel
              ? pos
              : llm.embedTokens(in.actionIds(m, tokens, extra, n, arch.vocabSize())).add(pos);
      x = x.concat(slots, 1);
    }
    NDArray h = llm.forward(x, in.mask(m, extra, parallel), null);
    int first = parallel ? in.prefixLen : in.prefixLen - 1;
    NDArray slotsHidden = h.get(new NDIndex(":, {}:{}, :", first, first + n));
    return new Out(Nn.linear(slotsHidden, actionHead, null), value(h, in), p.keypoints());
  }

  /** Value {@code [B]} from the hidden state of the last prompt token. */
  private NDArray value(NDArray hidden, VlaInputs in) {
    NDArray last = hidden.get(new NDIndex(":, {}, :", in.prefixLen - 1));
    NDArray v = Nn.linear(Nn.gelu(Nn.linear(last, valueHead[0], valueHead[1])), valueHead[2], valueHead[3]);
    return v.squeeze(1);
  }

  /**
   * Autoregressive decoding, step 0: runs the prefix (filling {@code cache} when given) and
   * returns the logits of action token 0 {@code [B, 256]} and the value.
   */
  Out decodeFirst(NDManager m, VlaInputs in, KvCache cache) {
    Prefix p = prefix(m, in, 0);
    NDArray h = llm.forward(p.embeddings(), in.mask(m, 0, false), cache);
    NDArray last = h.get(new NDIndex(":, {}, :", in.prefixLen - 1));
    return new Out(Nn.linear(last, actionHead, null), value(h, in), p.keypoints());
  }

  /**
   * Autoregressive decoding, step {@code j >= 1} with a KV cache: feeds action token {@code j - 1}
   * (per row, {@code tokens[i * stride + j - 1]}) and returns the logits of token j {@code [B,
   * 256]}.
   */
  NDArray decodeStep(NDManager m, VlaInputs in, KvCache cache, int[] tokens, int stride, int j) {
    NDArray ids = in.actionIds(m, shift(tokens, stride, j - 1, in.rows), 1, 1, arch.vocabSize());
    NDArray x = llm.embedTokens(ids).add(llm.embedPositions(in.actionPosition(m, j - 1)));
    NDArray h = llm.forward(x, in.stepMask(m, j), cache);
    return Nn.linear(h.squeeze(1), actionHead, null);
  }

  private static int[] shift(int[] tokens, int stride, int col, int rows) {
    int[] out = new int[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = tokens[i * stride + col];
    }
    return out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException(
        "VlaNetwork runs through VlaPolicy (act, value, evaluate), which prepares its inputs");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    return new Shape[] {new Shape(b, arch.actionTokens(), BinTokenizer.BINS), new Shape(b)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // every parameter is created initialized (ParamSet)
  }
}
