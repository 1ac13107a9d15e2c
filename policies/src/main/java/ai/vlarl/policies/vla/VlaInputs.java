package ai.vlarl.policies.vla;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.vlarl.framework.core.DType;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A batch of observations turned into the network's host-side inputs, checked against the
 * architecture. The sequence of a row is
 *
 * <pre>
 *   [BOS] [vision 1 .. vision N] [proprio]? [PAD ...] [prompt tokens]  [action 1 .. action n]
 *    0     1 .. N                 N+1        (skipped) continue          continue
 * </pre>
 *
 * with position ids (second line) counting real tokens only: prompts of a batch are left-padded
 * to the longest one so the last prompt token sits at the same index {@code T0 - 1} in every row,
 * and pads are masked out as keys. A row's outputs therefore do not depend on the other rows.
 */
final class VlaInputs {
  final int rows;
  final int promptLen;
  final int prefixLen;
  private final VlaArch arch;
  private final HostArray image;
  private final HostArray wrist;
  private final float[] patches;
  private final float[] proprio;
  private final int[][] prompts;

  private VlaInputs(
      VlaArch arch, int rows, HostArray image, HostArray wrist, float[] proprio, int[][] prompts) {
    this.arch = arch;
    this.rows = rows;
    this.image = image;
    this.wrist = wrist;
    this.patches = arch.convStem() ? null : patchify(image, arch.patch());
    this.proprio = proprio;
    this.prompts = prompts;
    int longest = 0;
    for (int[] p : prompts) {
      longest = Math.max(longest, p.length);
    }
    this.promptLen = longest;
    this.prefixLen = fixedLen() + longest;
  }

  /**
   * Checks and converts {@code obs}.
   *
   * @throws IllegalArgumentException naming the field (image, proprio, instruction of row i) that
   *     does not fit the architecture
   */
  static VlaInputs of(VlaArch arch, Observations obs) {
    int n = obs.size();
    HostArray img = checkImage(arch, "image", obs.image());
    HostArray wrist = arch.wrist() ? checkImage(arch, "wristImage", obs.wristImage()) : null;
    float[] prop = null;
    if (arch.proprioDim() > 0) {
      HostArray p = obs.proprio();
      if (p == null || p.dtype() != DType.FLOAT32 || p.rank() != 2 || p.dim(1) != arch.proprioDim()) {
        throw new IllegalArgumentException(
            "policy 'vla' expects proprio FLOAT32[N, " + arch.proprioDim() + "], got "
                + (p == null ? "none" : p.toString()));
      }
      prop = p.toFloatArray();
      for (int i = 0; i < prop.length; i++) {
        if (!Float.isFinite(prop[i])) {
          throw new IllegalArgumentException(
              "proprio of row " + i / arch.proprioDim() + " is not finite: " + prop[i]);
        }
      }
    }
    String[] instr = obs.instructions();
    if (instr == null) {
      throw new IllegalArgumentException("policy 'vla' needs an instruction per row; the observations have none");
    }
    int[][] prompts = new int[n][];
    for (int i = 0; i < n; i++) {
      prompts[i] = prompt(arch, instr[i], i);
    }
    return new VlaInputs(arch, n, img, wrist, prop, prompts);
  }

  private static HostArray checkImage(VlaArch arch, String field, HostArray img) {
    int s = arch.imageSize();
    if (img == null
        || img.dtype() != DType.UINT8
        || img.rank() != 4
        || img.dim(1) != s
        || img.dim(2) != s
        || img.dim(3) != 3) {
      throw new IllegalArgumentException(
          "policy 'vla' expects " + field + " UINT8[N, " + s + ", " + s + ", 3], got "
              + (img == null ? "none" : img.toString()));
    }
    return img;
  }

  /** Prompt tokens of row {@code row}'s instruction, checked for emptiness and length. */
  static int[] prompt(VlaArch arch, String instruction, int row) {
    if (instruction == null || instruction.isBlank()) {
      throw new IllegalArgumentException("instruction of row " + row + " is empty");
    }
    int[] ids = InstructionTokenizer.INSTANCE.encodePrompt(instruction.strip());
    if (ids.length > arch.maxPromptTokens()) {
      throw new IllegalArgumentException(
          "instruction of row " + row + " is too long: its prompt has " + ids.length
              + " tokens, the policy takes at most " + arch.maxPromptTokens()
              + " (policy.max_prompt_tokens) — '" + instruction + "'");
    }
    return ids;
  }

  /** {@code [N, S, S, 3]} bytes → {@code [N, patches, 3·p²]} floats in [0, 1], channel-major. */
  static float[] patchify(HostArray img, int p) {
    int n = img.dim(0);
    int s = img.dim(1);
    int side = s / p;
    int per = 3 * p * p;
    float[] out = new float[n * side * side * per];
    ByteBuffer b = img.bytes();
    int o = 0;
    for (int i = 0; i < n; i++) {
      for (int gy = 0; gy < side; gy++) {
        for (int gx = 0; gx < side; gx++) {
          for (int c = 0; c < 3; c++) {
            for (int y = 0; y < p; y++) {
              int row = ((i * s + gy * p + y) * s + gx * p) * 3 + c;
              for (int x = 0; x < p; x++) {
                out[o++] = (b.get(row + 3 * x) & 0xFF) / 255f;
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Whole images {@code [B, C, S, S]} in [0, 1] (for the conv stem): the camera's 3 channels, then
   * with the wrist image ({@link VlaArch#wrist}) its 3 channels.
   */
  NDArray pixels(NDManager m) {
    int s = arch.imageSize();
    int plane = s * s;
    int channels = arch.imageChannels();
    float[] out = new float[rows * channels * plane];
    for (int i = 0; i < rows; i++) {
      planes(image.bytes(), i * plane * 3, out, i * channels * plane, plane);
      if (wrist != null) {
        planes(wrist.bytes(), i * plane * 3, out, (i * channels + 3) * plane, plane);
      }
    }
    return m.create(FloatBuffer.wrap(out), new Shape(rows, channels, s, s));
  }

  /** One interleaved rgb image at {@code src} → three planes in [0, 1] at {@code dst}. */
  private static void planes(ByteBuffer b, int src, float[] out, int dst, int plane) {
    for (int k = 0; k < plane; k++) {
      out[dst + k] = (b.get(src + 3 * k) & 0xFF) / 255f;
      out[dst + plane + k] = (b.get(src + 3 * k + 1) & 0xFF) / 255f;
      out[dst + 2 * plane + k] = (b.get(src + 3 * k + 2) & 0xFF) / 255f;
    }
  }

  /** Pixel patches {@code [B, patches, 3·p²]}. */
  NDArray patches(NDManager m) {
    return m.create(FloatBuffer.wrap(patches), new Shape(rows, arch.patches(), 3L * arch.patch() * arch.patch()));
  }

  /** Proprio {@code [B, P]}, or null without proprio. */
  NDArray proprio(NDManager m) {
    return proprio == null ? null : m.create(proprio, new Shape(rows, arch.proprioDim()));
  }

  /** {@code [BOS, PAD..., prompt]} ids, int64 {@code [B, 1 + promptLen]}. */
  NDArray textIds(NDManager m) {
    long[] ids = new long[rows * (1 + promptLen)];
    for (int i = 0; i < rows; i++) {
      int base = i * (1 + promptLen);
      ids[base] = InstructionTokenizer.BOS;
      int pads = promptLen - prompts[i].length;
      for (int t = 0; t < prompts[i].length; t++) {
        ids[base + 1 + pads + t] = prompts[i][t];
      }
    }
    return m.create(ids, new Shape(rows, 1 + promptLen));
  }

  /** Tokens before the prompt: BOS, vision tokens, proprio. */
  private int fixedLen() {
    return 1 + arch.visionTokens() + (arch.proprioDim() > 0 ? 1 : 0);
  }

  /**
   * Weights {@code [B, 1 + promptLen, 1]} that average the embeddings of a row's instruction
   * tokens (the prompt without OpenVLA's template, laid out as {@link #textIds}): {@code 1 / count}
   * on them, 0 on BOS, pads and the template.
   */
  NDArray instructionMeanWeights(NDManager m) {
    return instructionWeights(m, false);
  }

  /**
   * Weights laid out as {@link #instructionMeanWeights}, each times the token's place in the
   * instruction, {@code -1} for the first word to {@code +1} for the last ({@code 0} for a
   * one-token instruction): their sum over a row's embeddings is its position-weighted mean,
   * which the plain mean's bag of words lacks.
   */
  NDArray instructionMomentWeights(NDManager m) {
    return instructionWeights(m, true);
  }

  private NDArray instructionWeights(NDManager m, boolean byPlace) {
    int before = InstructionTokenizer.templatePrefixTokens();
    int after = InstructionTokenizer.templateSuffixTokens();
    float[] w = new float[rows * (1 + promptLen)];
    for (int i = 0; i < rows; i++) {
      int len = prompts[i].length;
      int count = len - before - after; // >= 1: empty instructions are refused
      int base = i * (1 + promptLen) + 1 + promptLen - len + before;
      for (int t = 0; t < count; t++) {
        float place = !byPlace ? 1f : count == 1 ? 0f : 2f * t / (count - 1) - 1f;
        w[base + t] = place / count;
      }
    }
    return m.create(w, new Shape(rows, 1 + promptLen, 1));
  }

  /** Position id of the first action token of row {@code i}. */
  int firstActionPosition(int i) {
    return fixedLen() + prompts[i].length;
  }

  /** Position ids of the prefix plus {@code actions} action positions, int64 {@code [B, T0 + actions]}. */
  NDArray positions(NDManager m, int actions) {
    int t = prefixLen + actions;
    long[] pos = new long[rows * t];
    int fixed = fixedLen();
    for (int i = 0; i < rows; i++) {
      int base = i * t;
      for (int k = 0; k < fixed; k++) {
        pos[base + k] = k;
      }
      int pads = promptLen - prompts[i].length;
      for (int k = 0; k < prompts[i].length + actions; k++) {
        pos[base + fixed + pads + k] = fixed + k;
      }
    }
    return m.create(pos, new Shape(rows, t));
  }

  /** Position ids {@code [B, 1]} of action token {@code j} (0-based) of every row. */
  NDArray actionPosition(NDManager m, int j) {
    long[] pos = new long[rows];
    for (int i = 0; i < rows; i++) {
      pos[i] = firstActionPosition(i) + j;
    }
    return m.create(pos, new Shape(rows, 1));
  }

  /** Whether column {@code k} of row {@code i} (a prefix index) is padding. */
  private boolean pad(int i, int k) {
    int textStart = fixedLen();
    return k >= textStart && k < textStart + promptLen - prompts[i].length;
  }

  /**
   * Additive attention mask {@code [B, 1, T, T]} over the prefix and {@code actions} action
   * positions: causal, pads blocked as keys; with {@code bidirectionalActions} the action rows
   * also see every later action position (OpenVLA-OFT's parallel decoding).
   */
  NDArray mask(NDManager m, int actions, boolean bidirectionalActions) {
    int t = prefixLen + actions;
    float[] mask = new float[rows * t * t];
    for (int i = 0; i < rows; i++) {
      for (int q = 0; q < t; q++) {
        int base = (i * t + q) * t;
        boolean seesAll = bidirectionalActions && q >= prefixLen;
        for (int k = 0; k < t; k++) {
          if ((k > q && !seesAll) || (k < prefixLen && pad(i, k))) {
            mask[base + k] = Nn.BLOCKED;
          }
        }
      }
    }
    return m.create(mask, new Shape(rows, 1, t, t));
  }

  /** Key mask {@code [B, 1, 1, T0 + decoded]} for one decoding step against the cache. */
  NDArray stepMask(NDManager m, int decoded) {
    int t = prefixLen + decoded;
    float[] mask = new float[rows * t];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < prefixLen; k++) {
        if (pad(i, k)) {
          mask[i * t + k] = Nn.BLOCKED;
        }
      }
    }
    return m.create(mask, new Shape(rows, 1, 1, t));
  }

  /** The vocabulary ids of action tokens (row-major {@code [B, count]}) as int64 {@code [B, count]}. */
  NDArray actionIds(NDManager m, int[] tokens, int count, int stride, int vocabSize) {
    long[] ids = new long[rows * count];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < count; j++) {
        ids[i * count + j] = BinTokenizer.vocabId(tokens[i * stride + j], vocabSize);
      }
    }
    return m.create(ids, new Shape(rows, count));
  }

  @Override
  public String toString() {
    return "VlaInputs[rows=" + rows + ", prefix=" + prefixLen + ", prompts="
        + Arrays.stream(prompts).mapToInt(p -> p.length).summaryStatistics() + "]";
  }

  /**
   * The tokens of a learner batch as ints, checked: INT32 {@code [n, chunk, dim]}, each in [0, 256).
   */
  static int[] checkTokens(VlaArch arch, int n, HostArray tokens) {
    int[] want = {n, arch.chunk(), arch.actionDim()};
    if (tokens.dtype() != DType.INT32 || !Arrays.equals(tokens.shape(), want)) {
      throw new IllegalArgumentException("tokens must be INT32" + Arrays.toString(want) + ", got " + tokens);
    }
    int[] t = tokens.toIntArray();
    for (int i = 0; i < t.length; i++) {
      if (t[i] < 0 || t[i] >= BinTokenizer.BINS) {
        throw new IllegalArgumentException(
            "action token " + t[i] + " at flat index " + i + " outside [0, " + BinTokenizer.BINS + ")");
      }
    }
    return t;
  }
}
