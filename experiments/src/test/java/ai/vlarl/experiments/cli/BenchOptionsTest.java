package ai.vlarl.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The bench commands refuse options they cannot measure with before measuring anything: one
 * {@code error:} line naming the option, exit code 2 (no stack trace, no rows of nonsense).
 */
class BenchOptionsTest {
  @Test
  void aMeasuringTimeThatIsNotPositiveIsRefusedByEveryBench() {
    String want = "error: --seconds must be a positive number of seconds per row, got -1.0";
    assertEquals(want, run("bench", "env", "--seconds", "-1"));
    assertEquals(want, run("bench", "policy", "--seconds", "-1"));
    assertEquals(want, run("bench", "bridge", "--seconds", "-1"));
    assertEquals(want, run("bench", "pipeline", "--seconds", "-1"));
    assertEquals("error: --seconds must be a positive number of seconds per row, got 0.0",
        run("bench", "env", "--seconds", "0"));
  }

  @Test
  void benchPolicyRefusesAnImageSideThePatchesDoNotTile() {
    // the tiny VLA's patches are 8 pixels wide
    assertEquals("error: --image-size must be a positive multiple of the patch size 8, got -5",
        run("bench", "policy", "--image-size", "-5"));
    assertEquals("error: --image-size must be a positive multiple of the patch size 8, got 60",
        run("bench", "policy", "--image-size", "60"));
  }

  @Test
  void benchPipelineRefusesNoSubEnvsAndNegativeCosts() {
    assertEquals("error: --envs must be at least 1, got 0", run("bench", "pipeline", "--envs", "0"));
    assertEquals("error: --cost-ms must be a cost of 0 ms or more, got -3.0",
        run("bench", "pipeline", "--cost-ms", "-3"));
  }

  /** Runs the command, asserts exit code 2 and returns what it wrote to stderr, trimmed. */
  private static String run(String... args) {
    StringWriter err = new StringWriter();
    int rc = Vlarl.execute(new PrintWriter(err, true), args);
    assertEquals(2, rc, err.toString());
    return err.toString().strip();
  }
}
