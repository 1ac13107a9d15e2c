package ai.vlarl.drivers.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference arm server ({@code robot-drivers/python}) as a real process. The interpreter comes
 * from one setting: {@code VLARL_PYTHON} (environment or system property), else the repository's
 * {@code .venv/bin/python}, else {@code python3}; it needs pyzmq ({@code pip install -e
 * robot-drivers/python}).
 */
final class PythonArmServer implements AutoCloseable {
  private static final String READY = "vlarl-remote-arm: serving on ";
  final Process process;
  final String endpoint;
  private final StringBuilder output = new StringBuilder();

  private PythonArmServer(Process process, String endpoint, BufferedReader rest) {
    this.process = process;
    this.endpoint = endpoint;
    Thread drain = new Thread(() -> {
      try {
        String line;
        while ((line = rest.readLine()) != null) {
          synchronized (output) {
            output.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "arm-server-output");
    drain.setDaemon(true);
    drain.start();
  }

  static Path home() {
    return Path.of(System.getProperty("vlarl.home", "..")).toAbsolutePath().normalize();
  }

  static String interpreter() {
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

  static ProcessBuilder command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(interpreter(), "-u", "-m", "vlarl_remote_arm"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", home().resolve("robot-drivers/python").toString());
    return pb;
  }

  /** Starts the server and waits (up to 20 s) for its "serving on ENDPOINT" line. */
  static PythonArmServer start(String... args) throws IOException {
    Process p = command(args).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder before = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      if (line.startsWith(READY)) {
        return new PythonArmServer(p, line.substring(READY.length()).split(" ")[0], out);
      }
      before.append(line).append('\n');
    }
    p.destroyForcibly();
    throw new IllegalStateException("the arm server did not start (interpreter " + interpreter()
        + "; install with: python3 -m venv .venv && .venv/bin/pip install -e robot-drivers/python):\n" + before);
  }

  String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
