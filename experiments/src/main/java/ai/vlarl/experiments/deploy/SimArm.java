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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * <p>The simulator runs on a physics thread of its own, as a real arm's controller would: a
 * command only queues a step, so the servo stream never waits for the physics; {@link #observe()}
 * waits for the queued steps, so the policy always sees the scene after every step it commanded.
 * {@link #state()} is the state after the last finished step. Success counts only within the
 * episode's horizon.
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
  private final ExecutorService physics = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "vlarl-sim-physics");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean stopped;
  private volatile ArmState state;
  private volatile int steps;
  private volatile boolean success;
  private volatile double episodeReturn;
  private volatile int successStep;
  private int horizon;
  private double[] target;
  private double gripper = 1;
  private long nextStep = Long.MIN_VALUE;

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
    call(() -> {
      horizon = sim.horizon(0);
      publishState();
      return null;
    });
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
  public ArmState state() {
    return state;
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
      double[] to = target.clone();
      double g = gripper;
      physics.execute(() -> step(to, g));
      nextStep += stepNanos;
    }
  }

  /** One simulator step towards {@code to} (on the physics thread). */
  private void step(double[] to, double g) {
    double[] ee = arm.endEffector();
    float[] a = new float[4];
    for (int i = 0; i < 3; i++) {
      a[i] = (float) Math.max(-1, Math.min(1, (to[i] - ee[i]) / Geometry.MAX_STEP));
    }
    a[3] = g < 0.5 ? -1 : 1;
    float[] reward = new float[1];
    boolean[] succ = new boolean[1];
    sim.step(HostArray.ofFloats(a, 1, 4), new boolean[] {true}, reward, succ, new boolean[1]);
    int done = steps + 1;
    if (done <= horizon && !success) { // as eval: the episode ends at its first success
      success = succ[0];
      successStep = succ[0] ? done : 0;
      episodeReturn += reward[0];
    }
    publishState();
    steps = done;
  }

  private void publishState() {
    double[] ee = arm.endEffector();
    state = new ArmState(clock.nanos(), new double[0], Pose.at(ee[0], ee[1], ee[2]),
        new GripperState(arm.closed() ? 0 : 1, arm.holding()));
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
  public void warmUp() {
    call(() -> {
      for (int k = 0; k < 20; k++) {
        step(arm.endEffector(), 1);
      }
      return null;
    });
    reset(0);
  }

  /** Starts episode {@code seed} once every queued step is done (the arm must be stopped). */
  public synchronized void reset(long seed) {
    call(() -> {
      sim.reset(new int[] {0}, new long[] {seed});
      horizon = sim.horizon(0);
      steps = 0;
      success = false;
      successStep = 0;
      episodeReturn = 0;
      publishState();
      return null;
    });
    target = null;
    gripper = 1;
    nextStep = Long.MIN_VALUE;
  }

  /** The scene after every step commanded so far (state vector, or camera images and proprio). */
  public Observations observe() {
    return call(sim::observe);
  }

  /** The current episode. */
  public Episode episode() {
    return call(() -> sim.episode(0));
  }

  /** The current episode's horizon in steps. */
  public int horizon() {
    return call(() -> horizon);
  }

  /** Simulator steps finished in this episode (queued ones not yet). */
  public int steps() {
    return steps;
  }

  /** Whether the episode's success predicate held after a finished step within the horizon. */
  public boolean succeeded() {
    return success;
  }

  public double episodeReturn() {
    return episodeReturn;
  }

  /** The episode's length as eval counts it: steps to the first success, else up to the horizon. */
  public int episodeSteps() {
    return success ? successStep : Math.min(steps, horizon);
  }

  /** The simulator (for its spec). */
  public TabletopSimulator simulator() {
    return sim;
  }

  /** Waits for every queued step. */
  public void settle() {
    call(() -> null);
  }

  private <T> T call(Callable<T> c) {
    try {
      return physics.submit(c).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArmException("interrupted while waiting for the simulator");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    stopped = true;
    try {
      call(() -> {
        sim.close();
        return null;
      });
    } finally {
      physics.shutdown();
    }
  }
}
