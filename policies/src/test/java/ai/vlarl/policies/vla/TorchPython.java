package ai.vlarl.policies.vla;

import ai.vlarl.framework.testing.TimedProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python interpreter with PyTorch that runs the reference implementation ({@code
 * policies/python/vlarl_vla_ref}): {@code VLARL_TORCH_PYTHON} (environment variable or system
 * property), default {@code /usr/bin/python3}, where Debian's {@code python3-torch} lives (the
 * {@code python3} first on PATH may be another interpreter).
 */
final class TorchPython {
  private TorchPython() {}

  static String interpreter() {
    String p = System.getProperty("VLARL_TORCH_PYTHON");
    if (p == null || p.isBlank()) {
      p = System.getenv("VLARL_TORCH_PYTHON");
    }
    return p == null || p.isBlank() ? "/usr/bin/python3" : p;
  }

  /** Null when {@code import torch} works, else why not. */
  static String unavailable() {
    try {
      Result r = run(List.of("-c", "import torch; print(torch.__version__)"), 120);
      return r.exit == 0 ? null : "'import torch' failed: " + r.output.strip();
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** The reference package's directory (tests run in the policies module directory). */
  static Path referenceDir() {
    return Path.of("python").toAbsolutePath();
  }

  record Result(int exit, String output) {}

  static Result run(List<String> args, int timeoutSeconds) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(interpreter());
    cmd.addAll(args);
    try {
      TimedProcess.Result r = TimedProcess.run(new ProcessBuilder(cmd), Duration.ofSeconds(timeoutSeconds));
      if (!r.finished()) {
        throw new IOException(cmd + " timed out after " + timeoutSeconds + " s:\n" + r.output());
      }
      return new Result(r.exitCode(), r.output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
