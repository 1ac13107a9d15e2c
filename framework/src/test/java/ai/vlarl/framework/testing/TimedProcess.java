package ai.vlarl.framework.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: runs a process under a time limit. Its output (stdout and stderr merged) is read on a
 * thread of its own, so a process that hangs with its output open cannot hang the test (reading
 * the output to its end before waiting would wait as long as the process); past the limit the
 * process and its descendants (servers a test suite started) are killed and the output so far is
 * returned.
 */
public final class TimedProcess {
  private TimedProcess() {}

  /**
   * How a process ended.
   *
   * @param finished false when it was killed at the time limit
   * @param exitCode its exit code, -1 when killed
   * @param output what it printed (stdout and stderr), with a last line saying it was killed
   */
  public record Result(boolean finished, int exitCode, String output) {
    /** Finished by itself with exit code 0. */
    public boolean ok() {
      return finished && exitCode == 0;
    }
  }

  /** Starts {@code pb} (with stderr merged into stdout) and waits at most {@code limit}. */
  public static Result run(ProcessBuilder pb, Duration limit) throws IOException, InterruptedException {
    Process p = pb.redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> {
      try (InputStream in = p.getInputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // the process was killed mid-write: what was read so far is kept
      }
    }, "timed-process-output");
    reader.setDaemon(true);
    reader.start();
    boolean finished;
    try {
      finished = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
    // a descendant that outlived a finished process may still hold the output open: do not wait on it
    reader.join(finished ? 10_000 : 2_000);
    String text = out.toString(StandardCharsets.UTF_8);
    if (!finished) {
      text += "\n[killed after " + limit.toSeconds() + " s: " + String.join(" ", pb.command()) + "]";
    }
    return new Result(finished, finished ? p.exitValue() : -1, text);
  }
}
