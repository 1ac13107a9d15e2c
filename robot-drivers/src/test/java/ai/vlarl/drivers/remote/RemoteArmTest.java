package ai.vlarl.drivers.remote;

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
import ai.vlarl.drivers.control.ActionSource;
import ai.vlarl.drivers.control.ControlLoop;
import ai.vlarl.drivers.control.LoopConfig;
import ai.vlarl.drivers.control.MappingConfig;
import ai.vlarl.drivers.control.Pacer;
import ai.vlarl.drivers.safety.InterventionLog;
import ai.vlarl.drivers.safety.SafetyConfig;
import ai.vlarl.drivers.safety.SafetyShield;
import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.UserException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

/** The remote driver against the Python reference server, a real process on loopback sockets. */
class RemoteArmTest {
  private static final double PERIOD = 0.01;

  static <T extends Record> T bind(Class<T> type, Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new ConfigBinder((s, k) -> {
      throw new UserException("none");
    }).bind(type, m);
  }

  private static DriverContext ctx(boolean dryRun) {
    return new DriverContext(PERIOD, 0.1, Clock.SYSTEM, dryRun, null);
  }

  @Test
  void aShieldedRemoteArmFollowsItsTargetsAndLatchesStops() throws Exception {
    try (PythonArmServer server = PythonArmServer.start("--bind", "tcp://127.0.0.1:*", "--dof", "0",
        "--start", "0,0,0.15", "--max-speed", "1.0")) {
      RemoteArm arm = new RemoteArm(bind(RemoteArmConfig.class, "endpoint", server.endpoint), ctx(false));
      SafetyShield shield = new SafetyShield(arm, bind(SafetyConfig.class), PERIOD, Clock.SYSTEM,
          new InterventionLog());
      ArmInfo info = shield.connect();
      assertEquals("simulated arm at " + server.endpoint, info.name());
      assertEquals(0.15, shield.state().pose().z(), 1e-12);
      // 0.1 mm per 10 ms = 0.01 m/s: within every default limit, so sent unchanged
      for (int k = 1; k <= 50; k++) {
        shield.command(new ArmCommand.PoseTarget(Pose.at(0.0001 * k, 0, 0.15), 1));
      }
      Thread.sleep(100); // the simulated arm (1 m/s) reaches the last target
      assertEquals(0.005, shield.state().pose().x(), 1e-9);
      assertEquals(0, shield.interventions().total());
      shield.stop(); // latched by the server
      arm.command(new ArmCommand.PoseTarget(Pose.at(0.01, 0, 0.15), 1)); // bypassing the shield
      Thread.sleep(50);
      assertEquals(0.005, arm.state().pose().x(), 1e-9, "the server ignored servo after stop");
      shield.resume();
      shield.command(new ArmCommand.PoseTarget(Pose.at(0.0051, 0, 0.15), 1));
      Thread.sleep(50);
      assertEquals(0.0051, arm.state().pose().x(), 1e-9);
      shield.close();
    }
  }

  @Test
  void theControlLoopDrivesTheRemoteArmInRealTime() throws Exception {
    try (PythonArmServer server = PythonArmServer.start("--bind", "tcp://127.0.0.1:*", "--start", "0,0,0.15")) {
      LoopConfig loop = bind(LoopConfig.class, "policy_hz", 10, "driver_hz", 100);
      RemoteArm arm = new RemoteArm(bind(RemoteArmConfig.class, "endpoint", server.endpoint), ctx(false));
      SafetyShield shield = new SafetyShield(arm, bind(SafetyConfig.class), PERIOD, Clock.SYSTEM,
          new InterventionLog());
      shield.connect();
      ActionSource right = state -> new float[][] {{0.5f, 0, 0, 1}}; // 1 cm per step: 0.1 m/s
      var pool = Executors.newSingleThreadExecutor();
      try {
        ControlLoop cl = new ControlLoop(shield, right, bind(MappingConfig.class), loop,
            Pacer.realTime(), pool);
        ControlLoop.Outcome out = cl.run(2_000_000_000L, step -> step < 5);
        assertFalse(out.failed(), out.reason());
      } finally {
        pool.shutdown();
      }
      Thread.sleep(100);
      // five steps of 1 cm, less what the acceleration limit (2 m/s^2) took at the start; in real
      // time on a loaded machine, part of a sixth step can be in flight when the loop stops
      // (seen: x = 0.0506 on a busy 2-core box), so the bound allows one more step, never two
      double x = shield.state().pose().x();
      assertTrue(x > 0.04 && x <= 0.06 + 1e-9, "x = " + x);
      shield.close();
    }
  }

  @Test
  void aServerThatDiesStopsTheRunWithAClearError() throws Exception {
    PythonArmServer server = PythonArmServer.start("--bind", "tcp://127.0.0.1:*");
    RemoteArm arm = new RemoteArm(bind(RemoteArmConfig.class, "endpoint", server.endpoint, "timeout_ms", 150), ctx(false));
    SafetyShield shield = new SafetyShield(arm, bind(SafetyConfig.class), PERIOD, Clock.SYSTEM,
        new InterventionLog());
    shield.connect();
    shield.command(new ArmCommand.PoseTarget(Pose.at(0.0001, 0, 0.15), 1));
    server.close();
    ArmException e = assertThrows(ArmException.class,
        () -> shield.command(new ArmCommand.PoseTarget(Pose.at(0.0002, 0, 0.15), 1)));
    assertTrue(e.getMessage().contains("no reply to 'servo' within 150 ms"), e.getMessage());
    assertTrue(shield.stopReason().startsWith("the arm failed"), shield.stopReason());
    shield.close();
  }

  @Test
  void theServerStopsTheArmWhenTheClientGoesSilent() throws Exception {
    try (PythonArmServer server = PythonArmServer.start("--bind", "tcp://127.0.0.1:*", "--watchdog-s", "0.05",
        "--max-speed", "0.05")) {
      RemoteArm arm = new RemoteArm(bind(RemoteArmConfig.class, "endpoint", server.endpoint), ctx(false));
      arm.connect();
      arm.command(new ArmCommand.PoseTarget(Pose.at(0.2, 0, 0.15), 1)); // 4 s away at 0.05 m/s
      Thread.sleep(400);
      double x1 = arm.state().pose().x();
      Thread.sleep(200);
      assertEquals(x1, arm.state().pose().x(), 1e-12, "stopped by the server's watchdog");
      assertTrue(x1 < 0.02, "stopped after about 50 ms of motion: " + x1);
      assertTrue(server.output().contains("watchdog: no servo command"), server.output());
      arm.close();
    }
  }

  @Test
  void aDryRunSessionCannotMoveTheArm() throws Exception {
    try (PythonArmServer server = PythonArmServer.start("--bind", "tcp://127.0.0.1:*")) {
      RemoteArm arm = new RemoteArm(bind(RemoteArmConfig.class, "endpoint", server.endpoint), ctx(true));
      arm.connect();
      ArmException e = assertThrows(ArmException.class,
          () -> arm.command(new ArmCommand.PoseTarget(Pose.at(0.01, 0, 0.15), 1)));
      assertTrue(e.getMessage().contains("dry run: this session may not move the arm"), e.getMessage());
      arm.close();
    }
  }

  @Test
  void anArmServerBoundOffLoopbackWithoutCurveRefusesToStart() throws Exception {
    Process p = PythonArmServer.command("--bind", "tcp://0.0.0.0:5591").start();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.exitValue(), out); // a startup error, as the vlarl command line's
    assertTrue(out.startsWith("error: refusing to serve an arm on tcp://0.0.0.0:5591 without CURVE"), out);
    assertFalse(out.contains("serving on"), out);
  }

  @Test
  void theDriverRefusesAnArmOffLoopbackWithoutCurve() {
    UserException e = assertThrows(UserException.class, () -> new RemoteArm(
        bind(RemoteArmConfig.class, "endpoint", "tcp://192.0.2.10:5590"), ctx(false)));
    assertTrue(e.getMessage().contains("tcp://192.0.2.10:5590 is not a loopback address"), e.getMessage());
  }

  @Test
  void curveEncryptsTheSessionAndAWrongServerKeyGetsNoAnswer(@TempDir Path tmp) throws Exception {
    ZMQ.Curve.KeyPair serverKeys = ZMQ.Curve.generateKeyPair();
    ZMQ.Curve.KeyPair clientKeys = ZMQ.Curve.generateKeyPair();
    Path secret = tmp.resolve("server.key_secret");
    Files.writeString(secret, "curve\n    public-key = \"" + serverKeys.publicKey + "\"\n    secret-key = \""
        + serverKeys.secretKey + "\"\n");
    try (PythonArmServer server = PythonArmServer.start("--bind", "tcp://127.0.0.1:*", "--curve-secret-key",
        secret.toString())) {
      RemoteArm arm = new RemoteArm(bind(RemoteArmConfig.class, "endpoint", server.endpoint,
          "server_public_key", serverKeys.publicKey, "client_public_key", clientKeys.publicKey,
          "client_secret_key", clientKeys.secretKey), ctx(false));
      assertEquals(0, arm.connect().dof());
      arm.close();
      ZMQ.Curve.KeyPair other = ZMQ.Curve.generateKeyPair();
      RemoteArm wrong = new RemoteArm(bind(RemoteArmConfig.class, "endpoint", server.endpoint,
          "connect_timeout_ms", 1000, "server_public_key", other.publicKey, "client_public_key", clientKeys.publicKey,
          "client_secret_key", clientKeys.secretKey), ctx(false));
      ArmException e = assertThrows(ArmException.class, wrong::connect);
      assertTrue(e.getMessage().contains("no reply to 'hello' within 1000 ms"), e.getMessage());
      wrong.close();
    }
  }
}
