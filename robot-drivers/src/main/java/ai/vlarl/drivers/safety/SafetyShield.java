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
  private double[] jointLower;
  private double[] jointUpper;
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

  /**
   * Runs a few thousand commands through a shield with {@code cfg} on an {@link
   * ai.vlarl.drivers.IdealArm}, so the JIT has compiled the limiting code before a real arm's first
   * command (a cold first command can take tens of milliseconds and trip the watchdog). Takes
   * about 0.1 s.
   */
  public static void warmUp(SafetyConfig cfg, double periodSeconds) {
    ai.vlarl.drivers.ManualClock clock = new ai.vlarl.drivers.ManualClock(0);
    double[] lo = cfg.boxMin();
    double[] hi = cfg.boxMax();
    Pose center = Pose.at((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2);
    SafetyShield s = new SafetyShield(new ai.vlarl.drivers.IdealArm(clock, center), cfg,
        periodSeconds, clock, new InterventionLog());
    s.connect();
    long period = Math.round(periodSeconds * 1e9);
    for (int k = 0; k < 4000; k++) {
      clock.advance(period);
      double phase = k * 0.01;
      s.command(ArmCommand.EeDelta.translation(0.002 * Math.sin(phase), 0.002 * Math.cos(phase),
          0.001 * Math.sin(3 * phase), k % 100 < 50 ? 0 : 1));
      s.checkWatchdog();
      s.lastTarget();
    }
    s.close();
  }

  /** Connects the arm and checks that it starts inside the workspace and joint limits. */
  @Override
  public ArmInfo connect() {
    synchronized (lock) {
      info = arm.connect();
      resolveJointLimits();
      checkStart(arm.state());
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
            Intervention.Kind.REJECTED), "refused non-finite " + command, Double.NaN));
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
          Intervention.Kind.REJECTED), "refused " + command + ": the stream was "
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
      log.record(new Intervention(now, kinds, "refused " + command + " (braking instead)",
          l.deviation()));
      return brake();
    }
    log.record(new Intervention(now, kinds, "asked " + command + ", sent " + l.command(),
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
      checkStart(s);
      cartesian = new CartesianGuard(cfg, dt, s.pose(), s.gripper().opening());
    }
    return cartesian;
  }

  private JointGuard jointGuard() {
    if (joints == null) {
      ArmState s = arm.state();
      checkStart(s);
      if (info.dof() == 0) {
        throw new ArmException(info.name() + " has no joints: send end-effector commands");
      }
      joints = new JointGuard(cfg, dt, jointLower, jointUpper, s.joints(), s.gripper().opening());
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
      checkStart(arm.state());
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

  private void resolveJointLimits() {
    int n = info.dof();
    double[] lo = info.jointLower();
    double[] hi = info.jointUpper();
    if (!cfg.joint_lower().isEmpty()) {
      if (cfg.joint_lower().size() != n) {
        throw new ArmException("safety.joint_lower/joint_upper give " + cfg.joint_lower().size()
            + " joints but " + info.name() + " has " + n);
      }
      for (int i = 0; i < n; i++) {
        lo[i] = Math.max(lo[i], cfg.joint_lower().get(i));
        hi[i] = Math.min(hi[i], cfg.joint_upper().get(i));
      }
    }
    jointLower = new double[n];
    jointUpper = new double[n];
    for (int i = 0; i < n; i++) {
      jointLower[i] = lo[i] + cfg.joint_margin();
      jointUpper[i] = hi[i] - cfg.joint_margin();
      if (!(jointLower[i] < jointUpper[i])) {
        throw new ArmException("joint " + i + " of " + info.name() + ": limits " + lo[i] + " .. "
            + hi[i] + " leave no room inside safety.joint_margin " + cfg.joint_margin());
      }
    }
  }

  /** The arm must start at rest inside the workspace and the (margin-shrunk) joint limits. */
  private void checkStart(ArmState s) {
    double[] p = s.pose().position();
    double[] lo = cfg.boxMin();
    double[] hi = cfg.boxMax();
    for (int i = 0; i < 3; i++) {
      if (!(p[i] >= lo[i] && p[i] <= hi[i])) {
        throw new ArmException(info.name() + ": the end-effector at " + s.pose()
            + " is outside the safety workspace " + cfg.workspace_min() + " .. " + cfg.workspace_max()
            + " (axis " + "xyz".charAt(i) + "); move it inside before deploying");
      }
    }
    double[] q = s.joints();
    for (int i = 0; i < q.length && i < jointLower.length; i++) {
      if (!(q[i] >= jointLower[i] && q[i] <= jointUpper[i])) {
        throw new ArmException(info.name() + ": joint " + i + " at " + q[i] + " rad is outside "
            + jointLower[i] + " .. " + jointUpper[i] + " (joint limits less safety.joint_margin);"
            + " move it inside before deploying");
      }
    }
  }

  /** Measured state out of bounds while running: e-stop, then refuse the command. */
  private void checkState(ArmState s) {
    double[] p = s.pose().position();
    double[] lo = cfg.boxMin();
    double[] hi = cfg.boxMax();
    double tol = cfg.state_tolerance();
    String problem = null;
    for (int i = 0; i < 3 && problem == null; i++) {
      if (!(p[i] >= lo[i] - tol && p[i] <= hi[i] + tol)) {
        problem = "measured end-effector " + s.pose() + " is outside the workspace by more than "
            + tol + " m on axis " + "xyz".charAt(i);
      }
    }
    double[] q = s.joints();
    double[] hwLo = info.jointLower();
    double[] hwHi = info.jointUpper();
    for (int i = 0; i < q.length && i < hwLo.length && problem == null; i++) {
      if (!(q[i] >= hwLo[i] && q[i] <= hwHi[i])) {
        problem = "measured joint " + i + " at " + q[i] + " rad is beyond its limits " + hwLo[i]
            + " .. " + hwHi[i];
      }
    }
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
