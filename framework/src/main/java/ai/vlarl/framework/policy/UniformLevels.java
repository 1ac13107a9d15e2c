package ai.vlarl.framework.policy;

/**
 * {@code bins} evenly spaced levels over [-1, 1], both ends included: level k is {@code -1 + 2k /
 * (bins - 1)}. With an odd count, 0 is a level (a policy can stand still). The baseline MLP and CNN
 * policies use it; the OpenVLA tokenizer (bin centers, 256 bins) is its own class.
 */
public record UniformLevels(int bins) implements ActionTokenizer {
  public UniformLevels {
    if (bins < 2) {
      throw new IllegalArgumentException("need at least 2 action levels, got " + bins);
    }
  }

  @Override
  public float decode(int token) {
    if (token < 0 || token >= bins) {
      throw new IllegalArgumentException("action token " + token + " outside [0, " + bins + ")");
    }
    return -1f + 2f * token / (bins - 1);
  }

  @Override
  public int encode(float value) {
    float v = Math.max(-1f, Math.min(1f, value));
    return Math.round((v + 1f) * 0.5f * (bins - 1));
  }
}
