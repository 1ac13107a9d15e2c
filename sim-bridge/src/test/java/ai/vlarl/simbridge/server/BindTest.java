package ai.vlarl.simbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.simbridge.TestEnvs;
import org.junit.jupiter.api.Test;

/** Why a {@link SimServer} cannot bind, said in words, with real sockets. */
class BindTest {
  @Test
  void aTakenPortIsSaidToBeInUse() {
    try (AutoResetVectorEnv env = TestEnvs.line(1);
        SimServer first = new SimServer(env, ServerOptions.plain("tcp://127.0.0.1:*")).start()) {
      UserException e = assertThrows(UserException.class,
          () -> new SimServer(env, ServerOptions.plain(first.endpoint())).start());
      assertEquals("cannot bind " + first.endpoint() + ": the port is in use (is another server running there?)",
          e.getMessage());
    }
  }

  @Test
  void anAddressOfAnotherMachineIsSaidToBeOne() {
    try (AutoResetVectorEnv env = TestEnvs.line(1)) {
      // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine
      UserException e = assertThrows(UserException.class,
          () -> new SimServer(env, ServerOptions.plain("tcp://192.0.2.1:5555").withInsecure(true)).start());
      assertEquals("cannot bind tcp://192.0.2.1:5555: 192.0.2.1 is not an address or interface of this machine",
          e.getMessage());
    }
  }

  @Test
  void aFailureThatIsNotAboutThePortKeepsJeroMqsReason() {
    try (AutoResetVectorEnv env = TestEnvs.line(1)) {
      // the server does not enable IPv6: JeroMQ refuses the literal, and the port is not to blame
      UserException e = assertThrows(UserException.class,
          () -> new SimServer(env, ServerOptions.plain("tcp://[::1]:5555")).start());
      assertTrue(e.getMessage().startsWith("cannot bind tcp://[::1]:5555: ") && !e.getMessage().contains("in use"),
          e.getMessage());
    }
  }

  @Test
  void anInvalidEndpointIsNamedBeforeBinding() {
    try (AutoResetVectorEnv env = TestEnvs.line(1)) {
      UserException e = assertThrows(UserException.class,
          () -> new SimServer(env, ServerOptions.plain("tcp://127.0.0.1:99999")).start());
      assertTrue(e.getMessage().startsWith("bind: 'tcp://127.0.0.1:99999' is not a valid endpoint: port 99999"),
          e.getMessage());
    }
  }

  @Test
  void aRequestLimitNothingFitsIsRefused() {
    UserException e = assertThrows(UserException.class, () -> ServerOptions.maxRequestBytes("--max-request-mb", 0));
    assertEquals("--max-request-mb must be at least 1 KiB (1/1024 MiB), got 0.0",
        e.getMessage());
    assertEquals(64L << 20, ServerOptions.maxRequestBytes("--max-request-mb", 64));
    assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.plain("tcp://127.0.0.1:*").withMaxRequestBytes(-1));
  }
}
