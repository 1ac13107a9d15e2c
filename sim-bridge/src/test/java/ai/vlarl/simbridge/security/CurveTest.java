package ai.vlarl.simbridge.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.testing.TimedProcess;
import ai.vlarl.simbridge.TestEnvs;
import ai.vlarl.simbridge.client.ClientOptions;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.python.PythonServerProcess;
import ai.vlarl.simbridge.server.ServerOptions;
import ai.vlarl.simbridge.server.SimServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CURVE on both sides, key files shared with pyzmq, and the loopback rule. */
class CurveTest {
  @TempDir Path keys;

  private CurveKeyFiles.KeyPair pair(String name) {
    CurveKeyFiles.KeyPair k = CurveKeyFiles.generate();
    CurveKeyFiles.write(keys, name, k);
    return k;
  }

  private ClientOptions curveClient(String serverKey, String clientName) {
    return TestEnvs.fast().withConnectTimeout(1500)
        .withCurve(CurveClientKeys.load(serverKey, keys.resolve(clientName + ".key_secret")));
  }

  @Test
  void allowedClientsAreServedOthersAreNot() {
    CurveKeyFiles.KeyPair server = pair("server");
    pair("alice");
    pair("mallory");
    Path allowed = keys.resolve("allowed");
    CurveKeyFiles.write(allowed, "alice", CurveKeyFiles.read(keys.resolve("alice.key_secret")));
    CurveServerKeys sk = CurveServerKeys.load(keys.resolve("server.key_secret"), allowed);
    assertEquals(1, sk.allowedClients().size());
    try (AutoResetVectorEnv env = TestEnvs.line(2);
        SimServer s = new SimServer(env, ServerOptions.plain("tcp://127.0.0.1:*").withCurve(sk)).start()) {
      try (RemoteVectorEnv alice = new RemoteVectorEnv(s.endpoint(), curveClient(server.publicKey(), "alice"))) {
        assertArrayEquals(new float[] {0.1f, 0.2f}, alice.reset(new long[] {1, 2}).state().toFloatArray());
        // the plain-TCP data connection would bypass the encryption: a CURVE server offers none
        assertEquals(-1, s.dataPort());
        assertFalse(alice.usesDataConnection());
      }
      // a key not in the allowed set: the ZAP handler refuses the handshake, nothing gets through
      UserException refused = assertThrows(UserException.class,
          () -> new RemoteVectorEnv(s.endpoint(), curveClient(server.publicKey(), "mallory")));
      assertTrue(refused.getMessage().startsWith("no env server answered"), refused.getMessage());
      // a plain-text client cannot talk to a CURVE server either
      assertThrows(UserException.class, () -> new RemoteVectorEnv(s.endpoint(), TestEnvs.fast().withConnectTimeout(800)));
    }
  }

  @Test
  void javaClientWithPythonServerAndPyzmqKeyFiles() throws Exception {
    // keys written by pyzmq (python3 -m vlarl_bridge.keys) and by Java, each read by the other side
    ProcessBuilder pb = new ProcessBuilder(PythonServerProcess.interpreter(), "-m", "vlarl_bridge.keys",
        keys.toString(), "pyserver").redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", PythonServerProcess.home().resolve("sim-bridge/python").toString());
    TimedProcess.Result gen = TimedProcess.run(pb, java.time.Duration.ofSeconds(30));
    assertTrue(gen.ok(), gen.output());
    assertTrue(Files.readString(keys.resolve("pyserver.key_secret")).contains("secret-key = \""));
    pair("javaclient");
    Path allowed = keys.resolve("javaclient.key");
    try (PythonServerProcess server = TestEnvs.python("--num-envs", "2",
        "--curve-secret", keys.resolve("pyserver.key_secret").toString(), "--curve-allow", allowed.toString());
        RemoteVectorEnv env = new RemoteVectorEnv(server.endpoint(),
            curveClient(keys.resolve("pyserver.key").toString(), "javaclient"))) {
      assertEquals(2, env.reset(new long[] {1, 2}).size());
      assertEquals(1, env.step(ai.vlarl.framework.core.HostArray.ofFloats(new float[8], 2, 1, 4)).steps()[0]);
    }
  }

  @Test
  void nonLoopbackBindsNeedCurveOrInsecure() {
    assertTrue(BindPolicy.isLocal("tcp://127.0.0.1:5555"));
    assertTrue(BindPolicy.isLocal("tcp://127.3.4.5:*"));
    assertTrue(BindPolicy.isLocal("tcp://localhost:5555"));
    assertTrue(BindPolicy.isLocal("tcp://[::1]:5555"));
    assertTrue(BindPolicy.isLocal("ipc:///tmp/sim"));
    assertFalse(BindPolicy.isLocal("tcp://*:5555"));
    assertFalse(BindPolicy.isLocal("tcp://0.0.0.0:5555"));
    assertFalse(BindPolicy.isLocal("tcp://192.168.1.20:5555"));
    assertFalse(BindPolicy.isLocal("tcp://eth0:5555"));
    assertFalse(BindPolicy.isLocal("tcp://127.0.0.1.evil.example:5555"));
    BindPolicy.check("--bind", "tcp://*:5555", false, true); // --insecure
    BindPolicy.check("--bind", "tcp://*:5555", true, false); // CURVE
    try (AutoResetVectorEnv env = TestEnvs.line(1)) {
      UserException e = assertThrows(UserException.class,
          () -> new SimServer(env, ServerOptions.plain("tcp://0.0.0.0:*")).start());
      assertTrue(e.getMessage().startsWith("refusing to bind tcp://0.0.0.0:* without encryption"), e.getMessage());
    }
  }

  @Test
  void badKeyFilesAreNamed() throws IOException {
    Path f = keys.resolve("bad.key");
    Files.writeString(f, "public-key = \"" + "~".repeat(40) + "\"\n"); // '~' is not Z85
    UserException e = assertThrows(UserException.class, () -> CurveKeyFiles.read(f));
    assertTrue(e.getMessage().contains("bad.key") && e.getMessage().contains("not a valid Z85 CURVE key"), e.getMessage());
    Path pub = keys.resolve("x.key");
    CurveKeyFiles.write(keys, "x", CurveKeyFiles.generate());
    UserException notSecret = assertThrows(UserException.class, () -> CurveKeyFiles.readSecret(pub));
    assertTrue(notSecret.getMessage().contains("public certificate"), notSecret.getMessage());
    Path list = keys.resolve("allowed.txt");
    String k1 = CurveKeyFiles.generate().publicKey();
    Files.writeString(list, "# allowed clients\n" + k1 + "\n");
    assertEquals(Set.of(k1), CurveKeyFiles.readAllowed(list));
  }
}
