package ai.vlarl.simbridge.launch;

import ai.vlarl.framework.core.UserException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@code vlarl serve-sim} child process: started, ready once it prints its {@code serving ...}
 * line, its last output lines kept for error messages.
 */
public final class ServerProcess implements AutoCloseable {
  private final ChildProcess child;
  private final String endpoint;
  /** Whether it printed its serving line (not merely ended its output). */
  private volatile boolean serving;

  private ServerProcess(Process process, String endpoint) {
    this.child = new ChildProcess(process, 30);
    this.endpoint = endpoint;
  }

  /**
   * Runs {@code cmd} and waits until it serves.
   *
   * @throws UserException when it exits or stays silent for {@code timeoutSeconds}, with its output
   */
  public static ServerProcess start(List<String> cmd, String endpoint, double timeoutSeconds) {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UserException("cannot start an env server (" + cmd.get(0) + "): " + e.getMessage(), e);
    }
    ServerProcess sp = new ServerProcess(p, endpoint);
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> sp.drain(ready), "env-server-output " + endpoint);
    reader.setDaemon(true);
    reader.start();
    boolean ok;
    try {
      // the serving line itself, not the end of output (which can come a moment before the exit)
      ok = ready.await((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS) && sp.serving && p.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ok = false;
    }
    if (!ok) {
      throw sp.child.notStarted("the env server for " + endpoint, timeoutSeconds);
    }
    return sp;
  }

  private void drain(CountDownLatch ready) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(child.process().getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        child.record(line);
        if (line.startsWith("serving ")) {
          serving = true;
          ready.countDown();
        }
      }
    } catch (IOException ignored) {
      // the process is gone
    } finally {
      child.endOfOutput();
      ready.countDown();
    }
  }

  public String endpoint() {
    return endpoint;
  }

  /** The last lines it printed. */
  public String output() {
    return child.output();
  }

  public boolean isAlive() {
    return child.isAlive();
  }

  /** Kills the process at once (SIGKILL), as a crash would. */
  public void kill() {
    child.kill();
  }

  /** Asks it to stop (SIGTERM), killing it after 5 s. */
  @Override
  public void close() {
    child.close();
  }
}
