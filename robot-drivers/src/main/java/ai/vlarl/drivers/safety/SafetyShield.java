package ai.vlarl.drivers.safety;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.ArmInfo;
import ai.vlarl.drivers.ArmState;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.Pose;
import ai.vlarl.drivers.RobotArm;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The safety shield: wraps any {@link RobotArm} and limits every command before it reaches it.
 *
 * <ul>
 *   <li>End-effector targets stay in the workspace box and within linear and angular speed and
 *       acceleration limits ({@link CartesianGuard}); joint targets within joint limits, joint
 *       speed and acceleration ({@link JointGuard}); the gripper within its rate. Deltas resolve
 *       against the last target the shield sent, so the arm only ever receives absolute,
 *       limited targets.
 *   <li>A command beyond a limit is clamped to the nearest safe one, or in {@code reject} mode
 *       replaced by braking. Non-finite commands are always refused. A stream cannot switch
 *       between end-effector and joint commands without a {@link #stop()}.
 *   <li>Watchdog: {@link #checkWatchdog()} (called by a {@link Watchdog} thread, or by a test with
 *       a manual clock) stops the arm when no valid command arrived within {@code
 *       watchdog_periods} control periods.
 *   <li>E-stop: {@link #emergencyStop} stops the arm and refuses every command until {@link
 *       #clearEmergencyStop()}. The measured state is checked at every command: a TCP outside the
 *       workspace by more than {@code state_tolerance}, or a joint beyond its hardware limit,
 *       e-stops.
 *   <li>Every intervention goes to the {@link InterventionLog}.
 * </ul>
 *
 * <p>Why a bug elsewhere cannot bypass it: the control loop accepts only a {@code SafetyShield}
 * (a final class), the shield resolves and limits every command itself from its own record of
 * the last sent target, stops do not wait for the command lock (so a hung command cannot delay
 * them), and after a stop or e-stop it throws on every command instead of passing it on.
 */
public final class SafetyShield implements RobotArm {
  private final RobotArm arm;
  private final SafetyConfig cfg;
  private final double dt;
  private final long watchdogNanos;
  private final Clock clock;
  private final InterventionLog log;
  private final Object lock = new Object();
  private final AtomicReference<String> stopReason = new AtomicReference<>();
  private volatile String estopReason;
  private volatile long lastValidNanos;
  private volatile boolean armed;
  private ArmInfo info;
  private Bounds bounds;
  private CartesianGuard cartesian;
  private JointGuard joints;

  /**
   * @param arm the arm to protect (not yet connected)
   * @param periodSeconds the control period: one command is expected per period
   * @param clock the clock of the watchdog and of intervention times
   */
  public SafetyShield(RobotArm arm, SafetyConfig cfg, double periodSeconds, Clock clock,
      InterventionLog log) {
    if (!(periodSeconds > 0)) {
      throw new IllegalArgumentException("control period must be positive, got " + periodSeconds);
    }
    this.arm = arm;
    this.cfg = cfg;
    this.dt = periodSeconds;
    this.watchdogNanos = Math.round(cfg.watchdog_periods() * periodSeconds * 1e9);
    this.clock = clock;
    this.log = log;
  }

  /** Connects the arm and checks that it starts inside the workspace and joint limits. */
  @Override
  public ArmInfo connect() {
    synchronized (lock) {
      info = arm.connect();
      bounds = new Bounds(cfg, info);
      bounds.checkStart(arm.state());
      return info;
    }
  }

  @Override
  public ArmInfo info() {
    return arm.info();
  }

  @Override
  public ArmState state() {
    return arm.state();
  }

  /** The configuration. */
  public SafetyConfig config() {
    return cfg;
  }

  /** The control period in seconds. */
  public double periodSeconds() {
    return dt;
  }

  /** The log of interventions. */
  public InterventionLog interventions() {
    return log;
  }

  /**
   * The end-effector target last sent, or the measured pose when no end-effector command was sent
   * since the last (re)start: the base the control loop adds its deltas to.
   */
  public Pose lastTarget() {
    synchronized (lock) {
      return cartesian != null ? cartesian.target() : arm.state().pose();
    }
  }

  /** The gripper target last sent, or the measured opening. */
  public double lastGripper() {
    synchronized (lock) {
      if (cartesian != null) {
        return cartesian.gripper();
      }
      return joints != null ? joints.gripper() : arm.state().gripper().opening();
    }
  }

  /** Why the arm is stopped (watchdog, stop, e-stop), or null while it runs. */
  public String stopReason() {
    String e = estopReason;
    return e != null ? "emergency stop: " + e : stopReason.get();
  }

  /** Limits {@code command} and sends it; throws {@link ArmException} once stopped. */
  @Override
  public void command(ArmCommand command) {
    synchronized (lock) {
      requireRunning();
      checkState(arm.state());
      long now = clock.nanos();
      Limited sent;
      if (!command.isFinite()) {
        sent = brake();
        log.record(new Intervention(now, EnumSet.of(Intervention.Kind.NON_FINITE,
            Intervention.Kind.REJECTED), () -> "refused non-finite " + command, Double.NaN));
      } else {
        sent = limit(command, now);
        lastValidNanos = now;
        armed = true;
      }
      try {
        arm.command(sent.command());
      } catch (RuntimeException e) {
        trip("the arm failed: " + e.getMessage(), null);
        throw e instanceof ArmException ? e : new ArmException("arm failed: " + e.getMessage(), e);
      }
      commit(sent);
    }
  }

  private Limited limit(ArmCommand command, long now) {
    boolean jointCommand = command instanceof ArmCommand.JointTarget;
    if ((jointCommand && cartesian != null) || (!jointCommand && joints != null)) {
      log.record(new Intervention(now, EnumSet.of(Intervention.Kind.MODE_SWITCH,
          Intervention.Kind.REJECTED), () -> "refused " + command + ": the stream was "
          + (jointCommand ? "end-effector" : "joint") + " commands; stop() before switching", 0));
      return brake();
    }
    Limited l;
    if (command instanceof ArmCommand.JointTarget j) {
      l = jointGuard().limit(j.q(), j.gripper());
    } else {
      CartesianGuard g = cartesianGuard();
      Pose target = command instanceof ArmCommand.EeDelta d ? g.resolve(d)
          : ((ArmCommand.PoseTarget) command).pose();
      l = g.limit(target, command.gripper());
    }
    if (l.kinds().isEmpty()) {
      return l;
    }
    EnumSet<Intervention.Kind> kinds = EnumSet.copyOf(l.kinds());
    if (cfg.rejects()) {
      kinds.add(Intervention.Kind.REJECTED);
      log.record(new Intervention(now, kinds, () -> "refused " + command + " (braking instead)",
          l.deviation()));
      return brake();
    }
    log.record(new Intervention(now, kinds, () -> "asked " + command + ", sent " + l.command(),
        l.deviation()));
    return l;
  }

  private Limited brake() {
    if (joints != null) {
      return joints.brake();
    }
    return cartesianGuard().brake();
  }

  private void commit(Limited l) {
    if (l.command() instanceof ArmCommand.JointTarget) {
      joints.commit(l);
    } else {
      cartesian.commit(l);
    }
  }

  private CartesianGuard cartesianGuard() {
    if (cartesian == null) {
      ArmState s = arm.state();
      bounds.checkStart(s);
      cartesian = new CartesianGuard(cfg, dt, s.pose(), s.gripper().opening());
    }
    return cartesian;
  }

  private JointGuard jointGuard() {
    if (joints == null) {
      ArmState s = arm.state();
      bounds.checkStart(s);
      if (info.dof() == 0) {
        throw new ArmException(info.name() + " has no joints: send end-effector commands");
      }
      joints = new JointGuard(cfg, dt, bounds.jointLower(), bounds.jointUpper(), s.joints(),
          s.gripper().opening());
    }
    return joints;
  }

  /**
   * The watchdog: stops the arm when commands were flowing and none valid arrived within the
   * deadline. Call it often (every quarter period or so) from a thread other than the control
   * loop's; it never waits for the command lock.
   *
   * @return whether this call stopped the arm
   */
  public boolean checkWatchdog() {
    if (!armed || stopReason.get() != null) {
      return false;
    }
    long now = clock.nanos();
    long silent = now - lastValidNanos;
    if (silent <= watchdogNanos) {
      return false;
    }
    String why = String.format("watchdog: no valid command for %.1f ms (limit %.1f ms = %.1f"
        + " control periods); arm stopped", silent / 1e6, watchdogNanos / 1e6, cfg.watchdog_periods());
    return trip(why, Intervention.Kind.WATCHDOG);
  }

  /** Stops the arm; {@link #resume()} continues. Thread-safe, does not wait for a command. */
  @Override
  public void stop() {
    trip("stopped on request", null);
  }

  /**
   * The emergency stop: stops the arm and refuses every command until {@link
   * #clearEmergencyStop()} and {@link #resume()}. Thread-safe, does not wait for a command.
   */
  public void emergencyStop(String reason) {
    if (estopReason == null) {
      estopReason = reason;
      log.record(new Intervention(clock.nanos(), EnumSet.of(Intervention.Kind.ESTOP),
          "emergency stop: " + reason, 0));
    }
    stopReason.compareAndSet(null, "emergency stop: " + reason);
    arm.stop();
  }

  /** Releases a latched emergency stop (the arm stays stopped until {@link #resume()}). */
  public void clearEmergencyStop() {
    estopReason = null;
  }

  /** Whether the emergency stop is latched. */
  public boolean emergencyStopped() {
    return estopReason != null;
  }

  /**
   * Accepts commands again after a stop, starting from the measured state at rest (which must be
   * inside the workspace and joint limits). Refused while the e-stop is latched.
   */
  @Override
  public void resume() {
    synchronized (lock) {
      if (estopReason != null) {
        throw new ArmException("cannot resume: emergency stop latched (" + estopReason + ")");
      }
      arm.resume();
      cartesian = null;
      joints = null;
      armed = false;
      bounds.checkStart(arm.state());
      stopReason.set(null);
    }
  }

  @Override
  public void close() {
    try {
      trip("closed", null);
    } finally {
      arm.close();
    }
  }

  private boolean trip(String reason, Intervention.Kind kind) {
    if (!stopReason.compareAndSet(null, reason)) {
      return false;
    }
    if (kind != null) {
      log.record(new Intervention(clock.nanos(), EnumSet.of(kind), reason, 0));
    }
    arm.stop();
    return true;
  }

  private void requireRunning() {
    String e = estopReason;
    if (e != null) {
      throw new ArmException("command refused: emergency stop latched (" + e + ")");
    }
    String s = stopReason.get();
    if (s != null) {
      throw new ArmException("command refused: the arm is stopped (" + s + ")");
    }
  }

  /** Measured state out of bounds while running: e-stop, then refuse the command. */
  private void checkState(ArmState s) {
    String problem = bounds.problem(s);
    if (problem != null) {
      if (estopReason == null) {
        estopReason = problem;
        log.record(new Intervention(clock.nanos(), EnumSet.of(Intervention.Kind.STATE_OUT_OF_BOUNDS,
            Intervention.Kind.ESTOP), problem, 0));
      }
      stopReason.compareAndSet(null, "emergency stop: " + problem);
      arm.stop();
      throw new ArmException("command refused: emergency stop (" + problem + ")");
    }
  }
}
