package ai.vlarl.drivers.ur;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.ArmInfo;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.DriverContext;
import ai.vlarl.drivers.Pose;
import ai.vlarl.drivers.control.ControlLoop;
import ai.vlarl.drivers.control.LoopConfig;
import ai.vlarl.drivers.control.MappingConfig;
import ai.vlarl.drivers.control.Pacer;
import ai.vlarl.drivers.safety.InterventionLog;
import ai.vlarl.drivers.safety.SafetyConfig;
import ai.vlarl.drivers.safety.SafetyShield;
import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.UserException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The ur-rtde driver against the RTDE emulator, over real loopback sockets. */
class UrRtdeArmTest {
  private static final double PERIOD = 0.008; // 125 Hz

  static <T extends Record> T bind(Class<T> type, Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new ConfigBinder((s, k) -> {
      throw new UserException("none");
    }).bind(type, m);
  }

  private static UrRtdeArm arm(RtdeEmulator emu, boolean dryRun) {
    UrRtdeConfig cfg = bind(UrRtdeConfig.class, "host", "127.0.0.1", "rtde_port", emu.rtdePort(),
        "script_port", emu.scriptPort(), "timeout_ms", 2000);
    return new UrRtdeArm(cfg, new DriverContext(PERIOD, 0.1, Clock.SYSTEM, dryRun, null));
  }

  /** A workspace around the emulated robot's start pose (0.3, -0.1, 0.2). */
  private static SafetyConfig safety() {
    return bind(SafetyConfig.class, "workspace_min", List.of(0.0, -0.4, 0.05),
        "workspace_max", List.of(0.6, 0.2, 0.5));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(2);
    }
  }

  @Test
  void negotiatesSetsUpRecipesStartsTheServoProgramAndExchangesData() throws Exception {
    try (RtdeEmulator emu = new RtdeEmulator()) {
      UrRtdeArm arm = arm(emu, false);
      SafetyShield shield = new SafetyShield(arm, safety(), PERIOD, Clock.SYSTEM, new InterventionLog());
      ArmInfo info = shield.connect();
      assertEquals("UR at 127.0.0.1 (controller 5.11.1.108)", info.name());
      assertEquals(List.of(2), emu.protocolRequests);
      assertEquals(125.0, emu.outputHz);
      assertEquals(UrRtdeArm.OUTPUTS, emu.outputNames);
      assertEquals(List.of("input_int_register_24", "input_int_register_25", "input_double_register_24",
          "input_double_register_25", "input_double_register_26", "input_double_register_27",
          "input_double_register_28", "input_double_register_29", "input_double_register_30"), emu.inputNames);
      assertTrue(emu.programs.isEmpty(), "the servo program starts with the first command");
      // the emulated robot's start state decoded from the output packages
      assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, arm.state().joints());
      assertEquals(new Pose(0.3, -0.1, 0.2, 3.14, 0, 0), arm.state().pose());
      shield.command(new ArmCommand.PoseTarget(new Pose(0.3, -0.1, 0.2, 3.14, 0, 0), 1));
      String program = emu.programs.get(0);
      // watchdog: 5 periods of 8 ms = 40 ms, i.e. at least 25 input updates per second
      assertTrue(program.contains("rtde_set_watchdog(\"input_int_register_24\", 25.000, \"stop\")"), program);
      assertTrue(program.contains("servoj(target, t=0.008000, lookahead_time=0.100, gain=300.0)"), program);
      assertTrue(emu.programRunning());
      for (int k = 1; k <= 20; k++) { // 0.1 mm per period: within every limit
        shield.command(new ArmCommand.PoseTarget(new Pose(0.3 + 0.0001 * k, -0.1, 0.2, 3.14, 0, 0), 1));
        Thread.sleep(8);
      }
      await(() -> Math.abs(arm.state().pose().x() - 0.302) < 1e-12, "the TCP at x = 0.302");
      assertTrue(arm.messages().contains("info from URControl: vlarl servo program started"), arm.messages().toString());
      shield.stop();
      await(() -> emu.stopPrograms == 1, "stopj sent to the script port");
      assertFalse(emu.programRunning(), "the stop program replaced the servo program");
      assertTrue(emu.programs.get(1).contains("stopj(3.00)"), emu.programs.get(1));
      shield.resume();
      shield.command(new ArmCommand.PoseTarget(new Pose(0.302, -0.1, 0.2, 3.14, 0, 0), 1));
      assertTrue(emu.programRunning(), "the first command after resume sends the servo program again");
      assertEquals(3, emu.programs.size());
      shield.close();
    }
  }

  @Test
  void aDroppedConnectionMidRunStopsTheArmAndSaysWhy() throws Exception {
    try (RtdeEmulator emu = new RtdeEmulator()) {
      UrRtdeArm arm = arm(emu, false);
      SafetyShield shield = new SafetyShield(arm, safety(), PERIOD, Clock.SYSTEM, new InterventionLog());
      shield.connect();
      LoopConfig loop = bind(LoopConfig.class, "policy_hz", 10, "driver_hz", 125);
      var pool = Executors.newSingleThreadExecutor();
      Thread cut = new Thread(() -> {
        try {
          Thread.sleep(300);
          emu.dropRtde();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      try {
        ControlLoop cl = new ControlLoop(shield, state -> new float[][] {{0.2f, 0, 0, 1}},
            bind(MappingConfig.class), loop, Pacer.realTime(), pool);
        cut.start();
        ControlLoop.Outcome out = cl.run(10_000_000_000L, null);
        assertTrue(out.failed(), out.reason());
        assertTrue(out.reason().contains("RTDE connection to 127.0.0.1:" + emu.rtdePort() + " lost"), out.reason());
        assertTrue(out.reason().contains("the robot's RTDE watchdog stops the servo program"), out.reason());
      } finally {
        pool.shutdown();
        cut.join();
      }
      await(() -> !emu.programRunning(), "the arm to stop");
      await(() -> emu.stopPrograms >= 1, "the driver's stopj over the script port");
      double[] atStop = emu.pose();
      Thread.sleep(100);
      assertArrayEquals(atStop, emu.pose(), "nothing moves after the stop");
      assertTrue(atStop[0] > 0.3, "the arm had moved before the cut: " + atStop[0]);
      shield.close();
    }
  }

  @Test
  void theRobotStopsTheServoProgramWhenInputsStop() throws Exception {
    try (RtdeEmulator emu = new RtdeEmulator()) {
      UrRtdeArm arm = arm(emu, false);
      arm.connect();
      arm.command(new ArmCommand.PoseTarget(new Pose(0.31, -0.1, 0.2, 3.14, 0, 0), 1));
      // no more commands: the program's rtde_set_watchdog (25 Hz) stops it after 40 ms
      await(() -> !emu.programRunning(), "the robot-side RTDE watchdog");
      assertEquals(1, emu.watchdogTrips);
      Thread.sleep(200);
      // and the driver notices: the heartbeat stands still
      ArmException e = assertThrows(ArmException.class,
          () -> arm.command(new ArmCommand.PoseTarget(new Pose(0.31, -0.1, 0.2, 3.14, 0, 0), 1)));
      assertTrue(e.getMessage().contains("the servo program stopped running on the UR at 127.0.0.1"), e.getMessage());
      arm.close();
    }
  }

  @Test
  void aControllerRefusingProtocolTwoIsAClearError() throws Exception {
    try (RtdeEmulator emu = new RtdeEmulator()) {
      emu.maxProtocol = 1;
      ArmException e = assertThrows(ArmException.class, () -> arm(emu, false).connect());
      assertTrue(e.getMessage().contains("refuses RTDE protocol version 2 (it needs CB3 software 3.5"), e.getMessage());
    }
  }

  @Test
  void unknownOutputsAndBusyInputsAreNamed() throws Exception {
    try (RtdeEmulator emu = new RtdeEmulator()) {
      emu.unknownOutputs.add("output_int_register_24");
      ArmException e = assertThrows(ArmException.class, () -> arm(emu, false).connect());
      assertTrue(e.getMessage().contains("RTDE output 'output_int_register_24' is not known to this controller"),
          e.getMessage());
    }
    try (RtdeEmulator emu = new RtdeEmulator()) {
      emu.inputsInUse.add("input_int_register_25");
      ArmException e = assertThrows(ArmException.class, () -> arm(emu, false).connect());
      assertTrue(e.getMessage().contains("RTDE input 'input_int_register_25' is in use by another RTDE client"),
          e.getMessage());
    }
  }

  @Test
  void aProtectiveStopFailsTheNextCommand() throws Exception {
    try (RtdeEmulator emu = new RtdeEmulator()) {
      UrRtdeArm arm = arm(emu, false);
      arm.connect();
      emu.safetyMode = 3;
      Thread.sleep(50);
      ArmException e = assertThrows(ArmException.class,
          () -> arm.command(new ArmCommand.PoseTarget(new Pose(0.3, -0.1, 0.2, 3.14, 0, 0), 1)));
      assertTrue(e.getMessage().contains("is in safety mode protective stop"), e.getMessage());
      arm.close();
    }
  }

  @Test
  void aDryRunReadsStateButSendsNoProgramAndNoInputs() throws Exception {
    try (RtdeEmulator emu = new RtdeEmulator()) {
      UrRtdeArm arm = arm(emu, true);
      arm.connect();
      assertEquals(0.3, arm.state().pose().x());
      assertTrue(emu.inputNames.isEmpty(), "no input recipe");
      Thread.sleep(50);
      arm.close();
      assertTrue(emu.programs.isEmpty(), "no program: " + emu.programs);
      assertEquals(0, emu.inputPackages);
      assertFalse(emu.programRunning());
    }
  }
}
