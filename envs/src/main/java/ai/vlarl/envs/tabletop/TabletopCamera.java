package ai.vlarl.envs.tabletop;

/**
 * The third-person camera of a {@link TabletopSimulator} at any resolution and whatever its
 * observation mode: frames for videos of evaluation episodes, also of policies that observe the
 * state vector. Scenes look as the simulator's split makes them look ({@link Split#OOD_VISION}).
 * Not thread-safe; values are those after the simulator's last step or reset.
 */
public final class TabletopCamera {
  private final TabletopSimulator sim;
  private final Renderer renderer;
  private final int size;

  /** A camera of {@code size}² pixels (16 to 1024) over {@code sim}'s sub-envs. */
  public TabletopCamera(TabletopSimulator sim, int size) {
    if (size < 16 || size > 1024) {
      throw new IllegalArgumentException("camera size must be in [16, 1024], got " + size);
    }
    this.sim = sim;
    this.size = size;
    this.renderer = new Renderer(size, sim.config().blocks(), sim.config().splitKind());
  }

  /** Side of the square frames in pixels. */
  public int size() {
    return size;
  }

  /** RGB bytes {@code [size, size, 3]}, row-major, of sub-env {@code env}'s current state (a new array). */
  public byte[] render(int env) {
    if (env < 0 || env >= sim.spec().numEnvs()) {
      throw new IndexOutOfBoundsException("sub-env " + env + " of " + sim.spec().numEnvs());
    }
    return renderer.render(sim.world(), env).clone();
  }
}
