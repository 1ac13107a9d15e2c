package ai.vlarl.drivers.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.vlarl.framework.testing.TimedProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs the reference server's own tests ({@code python -m pytest robot-drivers/python/tests}) with
 * the same interpreter as the Java-Python tests, so {@code mvn verify} covers both languages.
 */
class PythonServerUnitTests {
  @Test
  void pytestPasses() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(PythonArmServer.interpreter(), "-m", "pytest", "-q", "-p",
        "no:cacheprovider", "tests")
        .directory(PythonArmServer.home().resolve("robot-drivers/python").toFile())
        .redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", PythonArmServer.home().resolve("robot-drivers/python").toString());
    TimedProcess.Result r = TimedProcess.run(pb, Duration.ofSeconds(120));
    assertEquals(0, r.exitCode(), "pytest failed (interpreter " + PythonArmServer.interpreter()
        + "; install with: python3 -m venv .venv && .venv/bin/pip install -e 'robot-drivers/python[test]'):\n"
        + r.output());
  }
}
