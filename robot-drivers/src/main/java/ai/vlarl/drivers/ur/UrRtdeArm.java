package ai.vlarl.drivers.ur;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.ArmInfo;
import ai.vlarl.drivers.ArmState;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.DriverContext;
import ai.vlarl.drivers.GripperState;
import ai.vlarl.drivers.Pose;
import ai.vlarl.drivers.RobotArm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code ur-rtde} driver: a Universal Robots arm over RTDE (port 30004) with a servo program
 * sent as URScript to the secondary interface (port 30002).
 *
 * <p>Connect: negotiate RTDE protocol 2, read the controller version, set up the output recipe
 * (timestamp, joints, TCP pose, modes, the program's heartbeat) and, unless a dry run, the input
 * recipe ({@link UrScript} registers); start synchronization. The first command (after connect or
 * resume) sends the servo program and waits for its heartbeat, so the robot-side watchdog sees a
 * stream from then on; each command writes one input package and the program {@code servoj}s to
 * it. A heartbeat that stands still fails the next command.
 *
 * <p>Stopping does not rely on the RTDE link: {@link #stop()} sends a {@code stopj} program to the
 * script port, which replaces the servo program. If the RTDE link drops, the robot-side RTDE
 * watchdog ({@code rtde_set_watchdog}, a few periods) stops the servo program by itself, and the
 * next command fails with the cause. A protective or emergency stop on the robot fails the next
 * command too.
 */
public final class UrRtdeArm implements RobotArm {
  static final List<String> OUTPUTS = List.of("timestamp", "actual_q", "actual_TCP_pose",
      "runtime_state", "robot_mode", "safety_mode", UrScript.HEARTBEAT);
  private static final String[] SAFETY_MODES = {"?", "normal", "reduced", "protective stop",
    "recovery", "safeguard stop", "system emergency stop", "robot emergency stop", "violation", "fault"};
  private final UrRtdeConfig cfg;
  private final DriverContext ctx;
  private final Clock clock;
  private RtdeClient rtde;
  private RtdeRecipe inputs;
  private ArmInfo info;
  private volatile boolean stopped;
  private volatile boolean programStarted;
  private volatile double gripper = 1;
  private long counter;

  public UrRtdeArm(UrRtdeConfig cfg, DriverContext ctx) {
    this.cfg = cfg;
    this.ctx = ctx;
    this.clock = ctx.clock();
  }

  @Override
  public ArmInfo connect() {
    rtde = new RtdeClient(cfg.host(), cfg.rtde_port(), cfg.timeout_ms(), clock);
    rtde.connect();
    if (!rtde.negotiate(Rtde.PROTOCOL_VERSION)) {
      throw new ArmException("the controller at " + rtde.address() + " refuses RTDE protocol version "
          + Rtde.PROTOCOL_VERSION + " (it needs CB3 software 3.5 or newer, or any e-Series)");
    }
    long[] v = rtde.controllerVersion();
    rtde.setupOutputs(cfg.output_hz(), OUTPUTS);
    if (!ctx.dryRun()) {
      List<String> in = new ArrayList<>(List.of(UrScript.COUNTER, UrScript.MODE));
      for (int i = 0; i <= 6; i++) {
        in.add("input_double_register_" + (UrScript.TARGET_REGISTER + i));
      }
      inputs = rtde.setupInputs(in);
    }
    rtde.watch(UrScript.HEARTBEAT);
    rtde.start();
    awaitOutputs();
    info = new ArmInfo(String.format("UR at %s (controller %d.%d.%d.%d)", cfg.host(), v[0], v[1], v[2], v[3]),
        6, cfg.joint_lower().stream().mapToDouble(Double::doubleValue).toArray(),
        cfg.joint_upper().stream().mapToDouble(Double::doubleValue).toArray());
    return info;
  }

  private void awaitOutputs() {
    long deadline = System.nanoTime() + cfg.timeout_ms() * 1_000_000L;
    while (rtde.latest() == null) {
      checkLink();
      if (System.nanoTime() > deadline) {
        throw new ArmException("no RTDE output data from " + rtde.address() + " within " + cfg.timeout_ms() + " ms");
      }
      Thread.onSpinWait();
      sleepMs(1);
    }
  }

  private void startServoProgram() {
    sendInputs(UrScript.MODE_HOLD, state().pose().toArray());
    long before = (long) rtde.latest().get(UrScript.HEARTBEAT)[0];
    UrScript.send(cfg.host(), cfg.script_port(), cfg.timeout_ms(), UrScript.servoProgram(cfg, ctx.periodSeconds()));
    long deadline = System.nanoTime() + cfg.timeout_ms() * 1_000_000L;
    while (heartbeat() == before) {
      checkLink();
      sendInputs(UrScript.MODE_HOLD, state().pose().toArray()); // feed the robot-side watchdog
      if (System.nanoTime() > deadline) {
        throw new ArmException("the servo program did not start on the robot at " + cfg.host()
            + " within " + cfg.timeout_ms() + " ms (is it in remote control mode, powered and"
            + " released?); controller messages: " + rtde.messages());
      }
      sleepMs(Math.max(1, (long) (ctx.periodSeconds() * 1000)));
    }
    programStarted = true;
  }

  private long heartbeat() {
    return (long) rtde.latest().get(UrScript.HEARTBEAT)[0];
  }

  /** The servo program counts its cycles; if the count stands still, it no longer runs. */
  private void checkProgram() {
    long now = clock.nanos();
    long still = now - rtde.changedNanos();
    long limit = Math.round(5 * ctx.periodSeconds() * 1e9 + 3e9 / cfg.output_hz());
    if (still > limit) {
      programStarted = false;
      throw new ArmException(String.format("the servo program stopped running on the UR at %s (no"
          + " heartbeat for %.0f ms: its RTDE watchdog saw no input, or it was stopped on the"
          + " pendant); controller messages: %s", cfg.host(), still / 1e6,
          rtde.messages()));
    }
  }

  @Override
  public ArmInfo info() {
    return info;
  }

  /** The controller's text messages so far. */
  public List<String> messages() {
    return rtde.messages();
  }

  @Override
  public ArmState state() {
    Map<String, double[]> out = rtde.latest();
    return new ArmState(rtde.latestNanos(), out.get("actual_q"), Pose.of(out.get("actual_TCP_pose")),
        new GripperState(gripper, false));
  }

  @Override
  public void command(ArmCommand command) {
    checkLink();
    int safety = (int) rtde.latest().get("safety_mode")[0];
    if (safety > 2) {
      throw new ArmException("the UR at " + cfg.host() + " is in safety mode "
          + (safety < SAFETY_MODES.length ? SAFETY_MODES[safety] : String.valueOf(safety))
          + "; clear it on the teach pendant");
    }
    if (stopped) {
      return;
    }
    if (!programStarted) { // started at the first command, so the robot-side watchdog sees a stream
      startServoProgram();
      if (stopped) { // stopped while the program started: stop() has sent stopj after it
        return;
      }
    } else {
      checkProgram();
    }
    if (!(command instanceof ArmCommand.JointTarget) && !(command instanceof ArmCommand.PoseTarget)) {
      throw new ArmException("the ur-rtde driver takes absolute targets (the shield sends them), got " + command);
    }
    gripper = command.gripper();
    if (command instanceof ArmCommand.JointTarget j) {
      sendInputs(UrScript.MODE_JOINTS, j.q());
    } else {
      sendInputs(UrScript.MODE_POSE, ((ArmCommand.PoseTarget) command).pose().toArray());
    }
  }

  private synchronized void sendInputs(int mode, double[] target) {
    double[][] v = new double[9][];
    v[0] = new double[] {++counter};
    v[1] = new double[] {mode};
    for (int i = 0; i < 6; i++) {
      v[2 + i] = new double[] {target[i]};
    }
    v[8] = new double[] {gripper};
    rtde.send(inputs, v);
  }

  private void checkLink() {
    String f = rtde.failure();
    if (f != null) {
      throw new ArmException(f + "; the robot's RTDE watchdog stops the servo program within "
          + cfg.rtde_watchdog_periods() + " control periods");
    }
  }

  @Override
  public void stop() {
    stopped = true;
    if (ctx.dryRun() || rtde == null) {
      return;
    }
    programStarted = false; // sent whether or not a program runs: one may be starting right now
    try {
      UrScript.send(cfg.host(), cfg.script_port(), Math.min(cfg.timeout_ms(), 200), UrScript.stopProgram(cfg));
    } catch (ArmException e) {
      System.err.println("ur-rtde: " + e.getMessage() + "; relying on the robot's RTDE watchdog");
    }
    try {
      if (rtde.failure() == null) {
        sendInputs(UrScript.MODE_STOP, state().pose().toArray());
      }
    } catch (ArmException e) {
      // the link is gone: the stop program and the RTDE watchdog stop the arm
    }
  }

  @Override
  public void resume() {
    checkLink();
    stopped = false;
  }

  @Override
  public void close() {
    if (rtde == null) {
      return;
    }
    stop();
    try {
      if (rtde.failure() == null) {
        rtde.pause();
      }
    } catch (ArmException e) {
      // closing anyway
    }
    rtde.close();
    rtde = null;
  }

  private static void sleepMs(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArmException("interrupted while waiting for the robot");
    }
  }
}
