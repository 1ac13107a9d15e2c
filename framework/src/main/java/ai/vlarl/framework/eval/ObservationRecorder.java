package ai.vlarl.framework.eval;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Records episodes from the camera images an env observes (for envs that cannot render on their
 * own, e.g. remote simulators): the image of the reset, then one per step (per action chunk); for
 * the step that ends an episode, its final observation's image.
 */
public final class ObservationRecorder implements FrameRecorder {
  private final int width;
  private final int height;
  private final List<List<byte[]>> frames = new ArrayList<>();

  /** A recorder for an env of {@code numEnvs} sub-envs observing {@code height × width} images. */
  public ObservationRecorder(int numEnvs, int width, int height) {
    this.width = width;
    this.height = height;
    for (int i = 0; i < numEnvs; i++) {
      frames.add(null);
    }
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public void start(int env, Observations obs) {
    List<byte[]> f = new ArrayList<>();
    f.add(row(obs.image(), env));
    frames.set(env, f);
  }

  @Override
  public void stepped(StepResult r) {
    int[] done = r.doneEnvs();
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i) == null) {
        continue;
      }
      int k = java.util.Arrays.binarySearch(done, i);
      frames.get(i).add(k >= 0 ? row(r.finalObservations().image(), k) : row(r.observations().image(), i));
    }
  }

  @Override
  public List<byte[]> stop(int env) {
    List<byte[]> f = frames.get(env);
    frames.set(env, null);
    return f == null ? List.of() : f;
  }

  private byte[] row(HostArray images, int row) {
    int per = width * height * 3;
    byte[] out = new byte[per];
    java.nio.ByteBuffer b = images.bytes().duplicate();
    b.position(row * per);
    b.get(out);
    return out;
  }
}
