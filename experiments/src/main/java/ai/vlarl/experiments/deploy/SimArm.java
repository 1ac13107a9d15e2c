package ai.vlarl.experiments.deploy;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.ArmInfo;
import ai.vlarl.drivers.ArmState;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.GripperState;
import ai.vlarl.drivers.Pose;
import ai.vlarl.drivers.RobotArm;
import ai.vlarl.envs.tabletop.Episode;
import ai.vlarl.envs.tabletop.Geometry;
import ai.vlarl.envs.tabletop.TabletopArm;
import ai.vlarl.envs.tabletop.TabletopSimulator;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;

/**
 * The {@code sim} driver: the gripper of one embedded tabletop sub-env driven as a robot arm.
 *
 * <p>The simulator advances one step per action period ({@code stepSeconds}), like the real time
 * a real arm takes: servo targets arriving in between only move the target, and at the last servo
 * tick of each period the simulator steps with the normalized action that carries its end-effector
 * to the current target ({@code (target − ee) / MAX_STEP}, clipped to [-1, 1]) and the gripper
 * closed when the target opening is below 0.5. So a policy deployed through the shield and the
 * control loop moves the simulated gripper as the env would, up to what the shield changes.
 *
 * <p>The arm has no joints; its orientation is fixed (identity). Lives in {@code experiments}
 * because {@code robot-drivers} may not depend on {@code envs}.
 */
public final class SimArm implements RobotArm {
  private final TabletopSimulator sim;
  private final TabletopArm arm;
  private final Clock clock;
  private final long stepNanos;
  private final long periodNanos;
  private final ArmInfo info = new ArmInfo("tabletop sim arm", 0, new double[0], new double[0]);
  private volatile boolean stopped;
  private double[] target;
  private double gripper = 1;
  private long nextStep = Long.MIN_VALUE;
  private int steps;
  private boolean success;
  private double episodeReturn;

  /**
   * @param sim a simulator with one sub-env (owned: closed with this arm)
   */
  public SimArm(TabletopSimulator sim, Clock clock, double periodSeconds, double stepSeconds) {
    if (sim.spec().numEnvs() != 1) {
      throw new IllegalArgumentException("the sim arm drives a simulator of 1 sub-env");
    }
    this.sim = sim;
    this.arm = new TabletopArm(sim, 0);
    this.clock = clock;
    this.stepNanos = Math.round(stepSeconds * 1e9);
    this.periodNanos = Math.round(periodSeconds * 1e9);
  }

  @Override
  public ArmInfo connect() {
    return info;
  }

  @Override
  public ArmInfo info() {
    return info;
  }

  @Override
  public synchronized ArmState state() {
    double[] ee = arm.endEffector();
    return new ArmState(clock.nanos(), new double[0], Pose.at(ee[0], ee[1], ee[2]),
        new GripperState(arm.closed() ? 0 : 1, arm.holding()));
  }

  @Override
  public synchronized void command(ArmCommand command) {
    if (stopped) {
      return;
    }
    if (!(command instanceof ArmCommand.PoseTarget t)) {
      throw new ArmException("the tabletop sim arm takes end-effector targets, not " + command);
    }
    target = t.pose().position();
    gripper = t.gripper();
    long now = clock.nanos();
    if (nextStep == Long.MIN_VALUE) { // the first command of a run: its period ends one step later
      nextStep = now + stepNanos - periodNanos;
    }
    if (now >= nextStep - periodNanos / 2) {
      step();
      nextStep += stepNanos;
    }
  }

  private void step() {
    double[] ee = arm.endEffector();
    float[] a = new float[4];
    for (int i = 0; i < 3; i++) {
      a[i] = (float) Math.max(-1, Math.min(1, (target[i] - ee[i]) / Geometry.MAX_STEP));
    }
    a[3] = gripper < 0.5 ? -1 : 1;
    float[] reward = new float[1];
    boolean[] succ = new boolean[1];
    sim.step(HostArray.ofFloats(a, 1, 4), new boolean[] {true}, reward, succ, new boolean[1]);
    steps++;
    success |= succ[0];
    episodeReturn += reward[0];
  }

  @Override
  public void stop() {
    stopped = true;
  }

  @Override
  public synchronized void resume() {
    stopped = false;
    nextStep = Long.MIN_VALUE;
  }

  /**
   * Steps the simulator a few times (then {@link #reset} starts the real episode), so its first
   * step inside the control loop is not a cold one.
   */
  public synchronized void warmUp() {
    for (int k = 0; k < 20; k++) {
      target = arm.endEffector();
      step();
    }
    reset(0);
  }

  /** Starts episode {@code seed} (the arm must be stopped). */
  public synchronized void reset(long seed) {
    sim.reset(new int[] {0}, new long[] {seed});
    steps = 0;
    success = false;
    episodeReturn = 0;
    target = null;
    gripper = 1;
    nextStep = Long.MIN_VALUE;
  }

  /** The simulator's observation of the scene (state vector, or camera images and proprio). */
  public synchronized Observations observe() {
    return sim.observe();
  }

  /** The current episode. */
  public Episode episode() {
    return sim.episode(0);
  }

  /** The current episode's horizon in steps. */
  public int horizon() {
    return sim.horizon(0);
  }

  /** Simulator steps taken in this episode. */
  public synchronized int steps() {
    return steps;
  }

  /** Whether the episode's success predicate held after some step. */
  public synchronized boolean succeeded() {
    return success;
  }

  public synchronized double episodeReturn() {
    return episodeReturn;
  }

  /** The simulator (for its spec). */
  public TabletopSimulator simulator() {
    return sim;
  }

  @Override
  public void close() {
    stopped = true;
    sim.close();
  }
}
