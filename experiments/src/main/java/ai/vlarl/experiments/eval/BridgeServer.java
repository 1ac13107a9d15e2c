package ai.vlarl.experiments.eval;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.simbridge.client.ClientOptions;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.python.PythonServerProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * The sim-bridge server of a suite: a running one at a given endpoint, or a {@code python -m
 * vlarl_bridge.server} child process started on first use (on a free loopback port) and stopped
 * when the evaluation ends. The interpreter is {@code VLARL_SIM_PYTHON} (environment variable or
 * system property: a Python with the simulator installed), else the bridge's own choice ({@code
 * VLARL_PYTHON}, {@code .venv/bin/python}, {@code python3}; see {@link PythonServerProcess}).
 */
final class BridgeServer implements AutoCloseable {
  /** Seconds a started server may take to serve (LIBERO spawns a worker process per sub-env). */
  static final double START_TIMEOUT_S = 900;
  private final List<String> args;
  private final String given;
  private PythonServerProcess process;

  /**
   * @param given the endpoint of a running server, or empty to start one with {@code args}
   * @param args the server's arguments (backend and its options; {@code --bind} is added)
   */
  BridgeServer(String given, List<String> args) {
    this.given = given == null ? "" : given;
    this.args = List.copyOf(args);
  }

  /** The interpreter a started server runs on. */
  static String python() {
    String p = System.getenv("VLARL_SIM_PYTHON");
    if (p == null || p.isBlank()) {
      p = System.getProperty("VLARL_SIM_PYTHON");
    }
    return p == null || p.isBlank() ? PythonServerProcess.interpreter() : p;
  }

  /** The command line of a started server (for reports and errors). */
  String describe() {
    return given.isEmpty() ? "python -m vlarl_bridge.server " + String.join(" ", args) : given;
  }

  /** The server's endpoint, starting it if needed. */
  synchronized String endpoint() {
    if (!given.isEmpty()) {
      return given;
    }
    if (process == null) {
      List<String> a = new ArrayList<>(args);
      a.addAll(List.of("--bind", "tcp://127.0.0.1:*", "--log-level", "WARNING"));
      process = PythonServerProcess.start(python(), a, START_TIMEOUT_S);
    } else if (!process.isAlive()) {
      throw new UserException("the bridge server (" + describe() + ") died:\n" + process.output());
    }
    return process.endpoint();
  }

  /** A client of the server, patient with slow simulators. */
  RemoteVectorEnv connect() {
    return new RemoteVectorEnv(endpoint(),
        ClientOptions.defaults().withTiming(2000, 10, 3, 120_000).withConnectTimeout(300_000));
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.close();
      process = null;
    }
  }
}
