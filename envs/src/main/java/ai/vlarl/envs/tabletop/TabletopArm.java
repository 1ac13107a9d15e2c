package ai.vlarl.envs.tabletop;

/**
 * Read access to the gripper "arm" of one sub-env of a {@link TabletopSimulator}, in the world
 * frame and in meters, for code that drives the simulator as if it were a robot (the {@code sim}
 * robot driver). Values are those after the last step or reset.
 */
public final class TabletopArm {
  private final TabletopSimulator sim;
  private final int env;

  /** The arm of sub-env {@code env} of {@code sim}. */
  public TabletopArm(TabletopSimulator sim, int env) {
    if (env < 0 || env >= sim.spec().numEnvs()) {
      throw new IllegalArgumentException("sub-env " + env + " of " + sim.spec().numEnvs());
    }
    this.sim = sim;
    this.env = env;
  }

  /** End-effector position {@code [x, y, z]} in meters (table center at the origin, z up). */
  public double[] endEffector() {
    World w = sim.world();
    return new double[] {w.ee(env, 0), w.ee(env, 1), w.ee(env, 2)};
  }

  /** Whether the gripper is closed. */
  public boolean closed() {
    return sim.world().closed(env);
  }

  /** Whether the gripper holds a block. */
  public boolean holding() {
    return sim.world().holding(env);
  }

  /** The episode {@code seed} draws under {@code cfg}, without creating a simulator. */
  public static Episode episode(TabletopConfig cfg, long seed) {
    return new EpisodeSampler(cfg.taskList(), cfg.blocks()).sample(seed);
  }
}
