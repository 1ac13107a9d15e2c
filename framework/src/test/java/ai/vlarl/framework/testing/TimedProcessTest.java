package ai.vlarl.framework.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A hung process cannot hang the test that runs it. */
class TimedProcessTest {
  @Test
  void aProcessThatEndsGivesItsExitCodeAndOutput() throws Exception {
    TimedProcess.Result r = TimedProcess.run(
        new ProcessBuilder("bash", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(30));
    assertTrue(r.finished());
    assertEquals(3, r.exitCode());
    assertFalse(r.ok());
    assertTrue(r.output().contains("out") && r.output().contains("err"), r.output());
  }

  @Test
  void aProcessThatHangsWithItsOutputOpenIsKilledAtTheLimit() throws Exception {
    long t0 = System.nanoTime();
    // the child keeps the output open too: reading to the end of the output would wait 60 s
    TimedProcess.Result r = TimedProcess.run(
        new ProcessBuilder("bash", "-c", "echo started; sleep 60 & wait"), Duration.ofSeconds(1));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertFalse(r.finished());
    assertEquals(-1, r.exitCode());
    assertTrue(r.output().startsWith("started"), r.output());
    assertTrue(r.output().contains("[killed after 1 s: bash -c echo started; sleep 60 & wait]"), r.output());
    assertTrue(seconds < 20, "returned after " + seconds + " s");
  }
}
