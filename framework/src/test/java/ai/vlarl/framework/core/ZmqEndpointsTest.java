package ai.vlarl.framework.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.ZmqEndpoints.Use;
import org.junit.jupiter.api.Test;

class ZmqEndpointsTest {
  @Test
  void validEndpointsPass() {
    for (String e : new String[] {"tcp://127.0.0.1:1", "tcp://localhost:65535", "tcp://[::1]:5555", "tcp://eth0:5555",
        "tcp://10.0.0.1;192.168.1.2:5555"}) {
      assertEquals(e, ZmqEndpoints.requireTcp("k", e, Use.CONNECT));
    }
    ZmqEndpoints.requireTcp("--bind", "tcp://*:*", Use.BIND);
    ZmqEndpoints.require("--bind", "ipc:///tmp/sim", Use.BIND);
    ZmqEndpoints.require("env.addresses", "inproc://x", Use.CONNECT);
    assertEquals("::1", ZmqEndpoints.host("tcp://[::1]:5555"));
    assertEquals("192.168.1.2", ZmqEndpoints.host("tcp://10.0.0.1;192.168.1.2:5555"));
  }

  @Test
  void eachProblemIsNamedWithTheOptionAndTheValue() {
    assertProblem("tcp://127.0.0.1:99999", Use.BIND, "port 99999 is not in 1..65535");
    assertProblem("tcp://127.0.0.1:-1", Use.BIND, "port -1 is not in 1..65535");
    assertProblem("tcp://127.0.0.1:0", Use.CONNECT, "port 0 is not in 1..65535");
    assertEquals("tcp://127.0.0.1:0", ZmqEndpoints.requireTcp("--bind", "tcp://127.0.0.1:0", Use.BIND)); // as *
    assertProblem("tcp://127.0.0.1:abc", Use.BIND, "port 'abc' is not a number");
    assertProblem("tcp://127.0.0.1:123456789012", Use.BIND, "port '123456789012' is not a number");
    assertProblem("tcp://127.0.0.1", Use.BIND, "it has no :PORT");
    assertProblem("tcp://[::1]", Use.BIND, "it has no :PORT");
    assertProblem("tcp://:5555", Use.BIND, "it has no HOST");
    assertProblem("garbage", Use.BIND, "it has no transport");
    assertProblem("udp://127.0.0.1:5604", Use.BIND, "udp:// is not a supported transport");
    assertProblem("", Use.BIND, "it is empty");
    assertProblem(" tcp://127.0.0.1:5555", Use.BIND, "it has leading or trailing spaces");
    assertProblem("tcp://127.0.0.1:*", Use.CONNECT, "port * (any free port) can be bound, not connected to");
    assertProblem("tcp://*:5555", Use.CONNECT, "host * (every interface) can be bound, not connected to");
    assertProblem("ipc://", Use.BIND, "ipc:// needs a path");
    UserException e = assertThrows(UserException.class,
        () -> ZmqEndpoints.requireTcp("driver.endpoint", "ipc:///tmp/arm", Use.CONNECT));
    assertEquals("driver.endpoint: 'ipc:///tmp/arm' is not a valid endpoint: ipc:// is not a supported transport;"
        + " expected tcp://HOST:PORT with PORT 1..65535", e.getMessage());
  }

  private static void assertProblem(String endpoint, Use use, String problem) {
    UserException e = assertThrows(UserException.class, () -> ZmqEndpoints.require("--bind", endpoint, use), endpoint);
    assertTrue(e.getMessage().startsWith("--bind: '" + endpoint + "' is not a valid endpoint: " + problem + "; expected"),
        e.getMessage());
  }
}
