package ai.vlarl.simbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.vlarl.framework.testing.TimedProcess;
import ai.vlarl.simbridge.python.PythonServerProcess;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python side's own tests ({@code python -m pytest sim-bridge/python/tests}) with the
 * bridge's interpreter (VLARL_PYTHON, else .venv/bin/python, else python3), so {@code mvn verify}
 * covers both languages.
 */
class PythonUnitTests {
  @Test
  void pytestPasses() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(PythonServerProcess.interpreter(), "-m", "pytest", "-q",
        "-p", "no:cacheprovider", "tests")
        .directory(PythonServerProcess.home().resolve("sim-bridge/python").toFile())
        .redirectErrorStream(true);
    TimedProcess.Result r = TimedProcess.run(pb, Duration.ofSeconds(300));
    assertEquals(0, r.exitCode(), "pytest failed (interpreter "
        + PythonServerProcess.interpreter() + "; install with: python3 -m venv .venv && .venv/bin/pip install -e "
        + "'sim-bridge/python[test]'):\n" + r.output());
  }
}
