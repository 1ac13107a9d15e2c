package ai.vlarl.simbridge.launch;

import ai.vlarl.framework.core.UserException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * A child process we started and must stop: its last output lines (kept for error messages), a
 * SIGKILL that acts like a crash, and a close that asks first (SIGTERM) and kills after 5 s. Shared
 * by the serve-sim and Python server launchers.
 */
public final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final int keep;
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile boolean outputEnded;

  /** @param keepLines how many of the newest output lines {@link #output()} returns */
  public ChildProcess(Process process, int keepLines) {
    this.process = process;
    this.keep = keepLines;
  }

  /** The process. */
  public Process process() {
    return process;
  }

  /** Remembers one line the process printed. */
  public void record(String line) {
    synchronized (tail) {
      tail.addLast(line);
      if (tail.size() > keep) {
        tail.removeFirst();
      }
    }
  }

  /** Notes that its output ended (it closed it, by exiting as a rule). */
  public void endOfOutput() {
    outputEnded = true;
  }

  /**
   * Kills a server that never said it was serving and returns the error to throw: that it exited,
   * with its exit code, when it did (a bad argument, a missing package), else that it did not start
   * within {@code timeoutSeconds}; either way with its last output lines.
   *
   * @param what the server, e.g. {@code the Python bridge server (python -m vlarl_bridge.server ...)}
   */
  public UserException notStarted(String what, double timeoutSeconds) {
    Integer code = exitCode();
    kill();
    String out = output();
    String lines = out.isEmpty() ? " and printed nothing" : "; its last output lines:\n" + out;
    if (code != null) {
      return new UserException(what + " exited with code " + code + " before it was serving" + lines);
    }
    return new UserException(what + " did not start within " + timeoutSeconds + " s"
        + (out.isEmpty() ? " and printed nothing" : "; its output:\n" + out));
  }

  /** The exit code once its output ended (waiting a little for the exit itself), or null while it runs. */
  private Integer exitCode() {
    try {
      if (outputEnded || !process.isAlive()) {
        return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  /** The last lines it printed. */
  public String output() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process at once (SIGKILL), as a crash would. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the process to stop (SIGTERM), killing it after 5 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }
}
