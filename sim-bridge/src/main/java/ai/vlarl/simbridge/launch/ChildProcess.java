package ai.vlarl.simbridge.launch;

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
