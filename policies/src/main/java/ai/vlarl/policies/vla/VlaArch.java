package ai.vlarl.policies.vla;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every dimension of a VLA network, resolved from the config's size and the env. Two policies with
 * equal architectures have parameters of equal names and shapes; checkpoints record it and refuse
 * to load into another ({@link #mismatch}).
 *
 * @param imageSize side of the square camera image in pixels
 * @param patch side of a ViT patch in pixels ({@code imageSize / patch} patches per side)
 * @param pool side of the square groups of neighbouring patch features merged into one backbone
 *     token (1: one token per patch, as OpenVLA; 2: 2×2 patches per token, a quarter of the tokens)
 * @param fused two vision towers (OpenVLA's DINOv2 + SigLIP analogues), features concatenated
 * @param convStem a convolutional stem before the patch embedding (two 3×3 stride-2 convolutions,
 *     a hybrid ViT) instead of a linear embedding of raw pixel patches
 * @param film FiLM language conditioning of the vision tower(s) (OpenVLA-OFT's option): features
 *     scaled and shifted by {@code (1 + γ) x + β}, γ and β linear in the mean prompt embedding
 * @param keypoints one more vision token made of spatial-softmax keypoints of the conv stem's
 *     feature maps (the expected image coordinates of each channel's activation, as in Levine et
 *     al.'s visuomotor policies): object positions as explicit numbers; needs the conv stem
 * @param filmOrder FiLM also reads the position-weighted mean of the instruction's token
 *     embeddings ({@link VlaInputs#instructionMomentWeights}), so instructions that differ only
 *     in word order ("the red block onto the blue zone" / "the blue block onto the red zone")
 *     condition the vision tower differently; needs {@code film}
 * @param wrist the wrist camera's image stacked after the main camera's as 3 more input channels
 *     of the conv stem (6 in all); needs the conv stem
 * @param visionWidth width of each vision tower
 * @param visionLayers transformer blocks per vision tower
 * @param visionHeads attention heads of the vision towers
 * @param width width of the language-model backbone
 * @param layers decoder layers of the backbone
 * @param heads attention heads of the backbone
 * @param mlpHidden hidden width of the backbone's SwiGLU MLP
 * @param valueHidden hidden width of the value head
 * @param proprioDim length of the proprio input, 0 for none
 * @param maxPromptTokens longest prompt (template + instruction) in tokens
 * @param chunk action steps per decision
 * @param actionDim action dimensions per step
 * @param vocabSize text vocabulary plus the 256 action tokens
 */
public record VlaArch(
    int imageSize,
    int patch,
    int pool,
    boolean fused,
    boolean convStem,
    boolean film,
    boolean keypoints,
    boolean filmOrder,
    boolean wrist,
    int visionWidth,
    int visionLayers,
    int visionHeads,
    int width,
    int layers,
    int heads,
    int mlpHidden,
    int valueHidden,
    int proprioDim,
    int maxPromptTokens,
    int chunk,
    int actionDim,
    int vocabSize) {

  public VlaArch {
    positive("image size", imageSize);
    positive("patch", patch);
    positive("pool", pool);
    if (imageSize % patch != 0) {
      throw new IllegalArgumentException(
          "image size " + imageSize + " is not a multiple of the patch size " + patch);
    }
    if ((imageSize / patch) % pool != 0) {
      throw new IllegalArgumentException(
          "the patch grid side " + imageSize / patch + " is not a multiple of pool " + pool);
    }
    positive("vision width", visionWidth);
    positive("vision layers", visionLayers);
    positive("vision heads", visionHeads);
    positive("width", width);
    positive("layers", layers);
    positive("heads", heads);
    positive("mlp hidden", mlpHidden);
    positive("value hidden", valueHidden);
    positive("max prompt tokens", maxPromptTokens);
    positive("chunk", chunk);
    positive("action dim", actionDim);
    if (visionWidth % visionHeads != 0 || width % heads != 0) {
      throw new IllegalArgumentException(
          "widths must be multiples of their head counts: vision " + visionWidth + "/" + visionHeads
              + ", backbone " + width + "/" + heads);
    }
    if (convStem && patch % 4 != 0) {
      throw new IllegalArgumentException(
          "a conv stem divides the image by 4 first: the patch size must be a multiple of 4, got "
              + patch);
    }
    if (keypoints && !convStem) {
      throw new IllegalArgumentException(
          "keypoints are taken from the conv stem's feature maps: they need the conv stem");
    }
    if (filmOrder && !film) {
      throw new IllegalArgumentException("film order is an input of FiLM: it needs FiLM");
    }
    if (wrist && !convStem) {
      throw new IllegalArgumentException(
          "the wrist image is stacked as 3 more input channels of the conv stem: it needs the conv stem");
    }
    if (visionWidth % 4 != 0) {
      throw new IllegalArgumentException(
          "vision width must be a multiple of 4 (2-D position embeddings), got " + visionWidth);
    }
    if (proprioDim < 0) {
      throw new IllegalArgumentException("proprio dim must be >= 0, got " + proprioDim);
    }
  }

  private static void positive(String what, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(what + " must be positive, got " + v);
    }
  }

  /** Image patches (vision tokens). */
  public int patches() {
    int side = imageSize / patch;
    return side * side;
  }

  /** Input channels of the vision tower(s): 3 (rgb), 6 with the wrist image stacked after it. */
  public int imageChannels() {
    return wrist ? 6 : 3;
  }

  /**
   * Width of FiLM's language input: the mean instruction embedding, plus with {@link #filmOrder}
   * the position-weighted mean (0 without FiLM).
   */
  public int filmInputWidth() {
    return film ? (filmOrder ? 2 : 1) * width : 0;
  }

  /** Patches per side of the image. */
  public int grid() {
    return imageSize / patch;
  }

  /** Vision tokens the backbone reads: patches merged {@code pool × pool}. */
  public int visionTokens() {
    return patches() / (pool * pool) + (keypoints ? 1 : 0);
  }

  /**
   * Width of the spatial-softmax keypoint vector: x and y of each of a tower's {@code w/2} stem
   * channels, for each tower.
   */
  public int keypointWidth() {
    return (fused ? 2 : 1) * visionWidth;
  }

  /** Action tokens per decision. */
  public int actionTokens() {
    return chunk * actionDim;
  }

  /** Rows of the position table: BOS, patches, proprio, prompt and action tokens. */
  public int maxPositions() {
    return 1 + visionTokens() + (proprioDim > 0 ? 1 : 0) + maxPromptTokens + actionTokens();
  }

  /** Boolean fields added after checkpoints were first written: absent means false. */
  static final java.util.Set<String> LATER_FLAGS = java.util.Set.of("filmOrder", "wrist");

  /** The fields by name (written into checkpoints). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (var c : getClass().getRecordComponents()) {
      try {
        m.put(c.getName(), c.getAccessor().invoke(this));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return m;
  }

  /**
   * The first field in which {@code other} (e.g. read from a checkpoint) differs from this
   * architecture, as "field: theirs vs ours", or null when they are equal. Fields missing from
   * {@code other} count as different, except the options added later ({@link #LATER_FLAGS}),
   * which read as false when a checkpoint written before them lacks them.
   */
  public String mismatch(Map<String, String> other) {
    for (Map.Entry<String, Object> e : toMap().entrySet()) {
      String theirs = other.get(e.getKey());
      if (theirs == null && LATER_FLAGS.contains(e.getKey())) {
        theirs = "false";
      }
      String ours = String.valueOf(e.getValue());
      if (!ours.equals(theirs)) {
        return e.getKey() + ": " + (theirs == null ? "missing" : theirs) + " in the checkpoint vs "
            + ours + " here";
      }
    }
    return null;
  }

  /**
   * Number of parameters, by formula (equals the count of the built network; documented sizes
   * come from here).
   */
  public long parameterCount() {
    long vw = visionWidth;
    long pixels = 3L * patch * patch;
    long block = 2 * vw + (3 * vw * vw + 3 * vw) + (vw * vw + vw) + 2 * vw
        + (4 * vw * vw + 4 * vw) + (4 * vw * vw + vw);
    long embed;
    if (convStem) {
      long c1 = vw / 4;
      long c2 = vw / 2;
      long k = patch / 4;
      embed = (c1 * 9L * imageChannels() + c1) + (c2 * c1 * 9 + c2) + (vw * c2 * k * k + vw);
    } else {
      embed = vw * pixels + vw;
    }
    long d0 = filmInputWidth();
    long films = film ? visionLayers * (2 * vw * d0 + 2 * vw) + (convStem ? 2 * (vw / 2) * d0 + vw : 0) : 0;
    long tower = embed + (long) patches() * vw + visionLayers * block + 2 * vw + films;
    long towers = (fused ? 2 : 1) * tower;
    long in = (fused ? 2 : 1) * vw * pool * pool;
    long d = width;
    long projector = fused
        ? (in * d + d) + (d * d + d) + (d * d + d)
        : (in * d + d) + (d * d + d);
    long kpHead = (vw / 2) * (vw / 2) + vw / 2 + 1; // 1×1 keypoint conv and the temperature
    long kp = keypoints ? (fused ? 2 : 1) * kpHead + (keypointWidth() * d + d) + (d * d + d) : 0;
    long proprio = proprioDim > 0 ? (proprioDim * d + d) + (d * d + d) : 0;
    long layer = d + 4 * d * d + d + 3 * d * mlpHidden;
    long llm = (long) vocabSize * d + (long) maxPositions() * d + layers * layer + d
        + (long) BinTokenizer.BINS * d;
    long value = (d * valueHidden + valueHidden) + (valueHidden + 1);
    return towers + projector + kp + proprio + llm + value;
  }
}
