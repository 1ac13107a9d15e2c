package ai.vlarl.simbridge.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server child that never says it serves: exited or silent, with real processes. */
class ServerProcessTest {
  @Test
  void aServerThatExitsFirstIsSaidToHaveExitedWithItsCode() {
    long t0 = System.nanoTime();
    UserException e = assertThrows(UserException.class,
        () -> ServerProcess.start(List.of("sh", "-c", "echo loading; echo 'no such env' >&2; exit 3"),
            "tcp://127.0.0.1:5999", 600));
    assertTrue(System.nanoTime() - t0 < 30e9, "reported at its exit, not after the 600 s timeout");
    assertEquals("the env server for tcp://127.0.0.1:5999 exited with code 3 before it was serving; its last output"
        + " lines:\nloading\nno such env", e.getMessage());
  }

  @Test
  void aSilentServerIsSaidNotToHaveStartedInTime() {
    UserException e = assertThrows(UserException.class,
        () -> ServerProcess.start(List.of("sleep", "30"), "tcp://127.0.0.1:5999", 0.5));
    assertEquals("the env server for tcp://127.0.0.1:5999 did not start within 0.5 s and printed nothing",
        e.getMessage());
  }
}
