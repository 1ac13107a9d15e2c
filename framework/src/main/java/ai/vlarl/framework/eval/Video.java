package ai.vlarl.framework.eval;

import java.util.List;

/**
 * The recorded frames of one evaluation episode.
 *
 * @param task the task's name
 * @param episode the episode's index within its task
 * @param seed its reset seed
 * @param instruction the language instruction (empty when the env has none)
 * @param success whether the episode succeeded ({@code success_once})
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param frames RGB frames, row-major, 3 bytes per pixel: the initial state, then one per step
 */
public record Video(
    String task,
    int episode,
    long seed,
    String instruction,
    boolean success,
    int width,
    int height,
    List<byte[]> frames) {

  public Video {
    frames = List.copyOf(frames);
    for (byte[] f : frames) {
      if (f.length != width * height * 3) {
        throw new IllegalArgumentException("frame of " + f.length + " bytes for " + width + "x" + height);
      }
    }
  }
}
