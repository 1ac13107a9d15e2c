package ai.vlarl.framework.policy;

/**
 * Maps discrete action tokens to continuous actions in [-1, 1] and back, one dimension at a time.
 * Every vlarl policy acts through tokens, so log-probs are always those of a categorical
 * distribution per dimension (token level), summable to action and chunk level.
 */
public interface ActionTokenizer {
  /** Number of tokens per action dimension. */
  int bins();

  /** The continuous value of {@code token} in [-1, 1]. */
  float decode(int token);

  /** The token whose value is nearest {@code value} (clipped to [-1, 1]). */
  int encode(float value);
}
