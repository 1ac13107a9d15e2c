package ai.vlarl.simbridge.python;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.simbridge.launch.ChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code python -m vlarl_bridge.server} child process (tests, benchmarks, and anyone who wants
 * the Java side to start the Python server).
 *
 * <p>The interpreter comes from one setting, never a guess: the {@code VLARL_PYTHON} environment
 * variable or system property, else {@code .venv/bin/python} under the repository root (system
 * property {@code vlarl.home}, else the working directory) when it exists, else {@code python3}.
 * The package is found through {@code PYTHONPATH=<root>/sim-bridge/python}, so an editable install
 * is not required (its dependencies are: pyzmq, msgpack, numpy).
 */
public final class PythonServerProcess implements AutoCloseable {
  private static final String READY = "vlarl_bridge: serving ";

  private final ChildProcess child;
  private final String endpoint;

  private PythonServerProcess(ChildProcess child, String endpoint, BufferedReader out) {
    this.child = child;
    this.endpoint = endpoint;
    Thread drain = new Thread(() -> drain(out), "python-server-output");
    drain.setDaemon(true);
    drain.start();
  }

  /** The repository root. */
  public static Path home() {
    return Path.of(System.getProperty("vlarl.home", ".")).toAbsolutePath().normalize();
  }

  /** The Python interpreter to use (see the class comment). */
  public static String interpreter() {
    String set = System.getenv("VLARL_PYTHON");
    if (set == null || set.isBlank()) {
      set = System.getProperty("VLARL_PYTHON");
    }
    if (set != null && !set.isBlank()) {
      return set;
    }
    Path venv = home().resolve(".venv/bin/python");
    return Files.isExecutable(venv) ? venv.toString() : "python3";
  }

  /**
   * Starts the server with {@code args} (e.g. {@code --backend reference --bind
   * tcp://127.0.0.1:* --num-envs 8}) and waits until it serves.
   *
   * @throws UserException when it exits first (with its exit code) or stays silent for {@code
   *     timeoutSeconds}, with its last output lines
   */
  public static PythonServerProcess start(List<String> args, double timeoutSeconds) {
    return start(interpreter(), args, timeoutSeconds);
  }

  /** As {@link #start(List, double)} with the given interpreter (e.g. one with a simulator installed). */
  public static PythonServerProcess start(String python, List<String> args, double timeoutSeconds) {
    List<String> cmd = new ArrayList<>(List.of(python, "-u", "-m", "vlarl_bridge.server"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Path pkg = home().resolve("sim-bridge/python");
    String old = System.getenv("PYTHONPATH");
    pb.environment().put("PYTHONPATH", pkg + (old == null || old.isEmpty() ? "" : ":" + old));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UserException("cannot run " + cmd.get(0) + " (set VLARL_PYTHON to a Python with the bridge's "
          + "dependencies; see sim-bridge/README.md): " + e.getMessage(), e);
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    ChildProcess child = new ChildProcess(p, 50);
    String[] ready = new String[1];
    Thread reader = new Thread(() -> ready[0] = awaitReady(out, child), "python-server-start");
    reader.setDaemon(true);
    reader.start();
    try {
      reader.join((long) (timeoutSeconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ready[0] == null) {
      throw child.notStarted("the Python bridge server (" + String.join(" ", cmd) + ")", timeoutSeconds);
    }
    String endpoint = ready[0].substring(ready[0].indexOf(" on ") + 4).split(" ")[0];
    return new PythonServerProcess(child, endpoint, out);
  }

  /** Reads output lines until the ready line, which it returns; null when the output ends first. */
  private static String awaitReady(BufferedReader out, ChildProcess child) {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(READY)) {
          return line;
        }
        child.record(line);
      }
    } catch (IOException ignored) {
      // the process died: reported by the caller
    }
    child.endOfOutput();
    return null;
  }

  private void drain(BufferedReader out) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        child.record(line);
      }
    } catch (IOException ignored) {
      // closed
    }
  }

  /** Where the server listens (the actual port when it was asked for {@code :*}). */
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
