package ai.vlarl.policies.vla;

import ai.vlarl.framework.policy.ActionTokenizer;

/**
 * OpenVLA's action tokenizer over normalized actions in [-1, 1], exactly as in {@code
 * prismatic/vla/action_tokenizer.py}:
 *
 * <pre>
 *   edges   = linspace(-1, 1, 256)                  (256 edges, computed in double)
 *   centers = (edges[:-1] + edges[1:]) / 2          (255 bin centers)
 *   encode  = digitize(clip(x, -1, 1), edges) - 1   (a token in [0, 255]; x = 1 gives 255)
 *   decode  = centers[clip(token, 0, 254)]          (tokens 254 and 255 decode alike)
 * </pre>
 *
 * <p>The framework's token {@code t} is OpenVLA's {@code digitize(...) - 1}; the model's vocabulary
 * id of that token is {@code V - 1 - t} ({@link #vocabId}): OpenVLA writes action bins onto the last
 * 256 ids of the vocabulary, in reverse order ({@code token_id = V - digitize(x)}).
 */
public final class BinTokenizer implements ActionTokenizer {
  /** Tokens per action dimension. */
  public static final int BINS = 256;

  private static final double[] EDGES = new double[BINS];
  private static final double[] CENTERS = new double[BINS - 1];

  static {
    // numpy.linspace: start + k * step, with the last value set to stop exactly
    double step = 2.0 / (BINS - 1);
    for (int k = 0; k < BINS; k++) {
      EDGES[k] = -1.0 + k * step;
    }
    EDGES[BINS - 1] = 1.0;
    for (int k = 0; k < BINS - 1; k++) {
      CENTERS[k] = (EDGES[k] + EDGES[k + 1]) / 2.0;
    }
  }

  /** The one instance (the tokenizer has no state). */
  public static final BinTokenizer INSTANCE = new BinTokenizer();

  private BinTokenizer() {}

  @Override
  public int bins() {
    return BINS;
  }

  /** The bin center of {@code token} (clipped to [0, 254], as OpenVLA does). */
  @Override
  public float decode(int token) {
    if (token < 0 || token >= BINS) {
      throw new IllegalArgumentException("action token " + token + " outside [0, " + BINS + ")");
    }
    return (float) CENTERS[Math.min(token, BINS - 2)];
  }

  /**
   * {@code digitize(clip(value, -1, 1), edges) - 1}: the number of edges at or below the value,
   * minus one. NaN is refused.
   */
  @Override
  public int encode(float value) {
    if (Float.isNaN(value)) {
      throw new IllegalArgumentException("cannot tokenize a NaN action value");
    }
    double x = Math.max(-1.0, Math.min(1.0, value));
    int lo = 0; // invariant: EDGES[lo] <= x (EDGES[0] = -1 <= x)
    int hi = BINS; // invariant: EDGES[hi] > x, or hi == BINS
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (EDGES[mid] <= x) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The vocabulary id of action token {@code token} in a vocabulary of {@code vocabSize} ids. */
  public static int vocabId(int token, int vocabSize) {
    if (token < 0 || token >= BINS) {
      throw new IllegalArgumentException("action token " + token + " outside [0, " + BINS + ")");
    }
    return vocabSize - 1 - token;
  }

  /** The bin edges (a copy). */
  public static double[] edges() {
    return EDGES.clone();
  }

  /** The 255 bin centers (a copy). */
  public static double[] centers() {
    return CENTERS.clone();
  }
}
