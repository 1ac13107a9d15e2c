package ai.vlarl.drivers.control;

/**
 * Turns the policy's action chunks into one action per step. The loop asks {@link
 * #wantsDecision} at each step boundary, hands decided chunks to {@link #accept}, and takes each
 * step's action from {@link #actionFor}.
 */
public interface ChunkScheduler {
  /** Whether the policy should be asked now, at the boundary of step {@code step}. */
  boolean wantsDecision(long step);

  /** A chunk decided at the boundary of {@code decidedAt}; its first action is for that step. */
  void accept(float[][] chunk, long decidedAt);

  /** The action of step {@code step} (called once per step, in order), or null if none is known. */
  float[] actionFor(long step);
}
