package ai.vlarl.framework.eval;

import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import java.util.List;

/**
 * Records the frames of chosen episodes while an evaluation runs: one RGB frame (row-major, 3
 * bytes per pixel, {@link #width()} × {@link #height()}) at the start and after every env step of
 * the episode, the last one showing the state the episode ended in.
 */
public interface FrameRecorder {
  int width();

  int height();

  /**
   * Starts recording the episode that sub-env {@code env} has just been reset into.
   *
   * @param obs the observations returned by that reset (all sub-envs)
   */
  void start(int env, Observations obs);

  /** Called after every env step with its result. */
  void stepped(StepResult result);

  /** Stops recording sub-env {@code env} (its episode ended) and returns the frames. */
  List<byte[]> stop(int env);
}
