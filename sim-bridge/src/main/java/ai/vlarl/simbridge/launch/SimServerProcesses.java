package ai.vlarl.simbridge.launch;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.config.Section;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.runtime.EnvServerLauncher;
import ai.vlarl.simbridge.client.ClientOptions;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Starts {@code vlarl serve-sim} processes (this JVM's java and class path, main class {@value
 * #MAIN} or the {@code vlarl.main} system property) for {@code rollout.env_servers}, each on a
 * loopback port of its own, and connects a {@link RemoteVectorEnv} to each.
 *
 * <p>While open, a watchdog restarts a process that dies on the same address, so the client's
 * reset after the loss ({@code EnvServerLost}: the rollout in flight is discarded and collected
 * again) finds it. Closing stops every process (SIGTERM, then SIGKILL after 5 s); a JVM shutdown
 * hook does the same if train ends abruptly.
 */
public final class SimServerProcesses implements EnvServerLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(SimServerProcesses.class);
  /** The command-line entry point whose {@code serve-sim} subcommand hosts an env. */
  public static final String MAIN = "ai.vlarl.experiments.cli.Vlarl";

  @Override
  public Launched launch(Section env, int servers, int subEnvsEach, EnvFactory.Purpose purpose,
      double startTimeoutSeconds) {
    List<String> args = serveArgs(env, subEnvsEach, purpose);
    Fleet fleet = new Fleet(args, startTimeoutSeconds);
    List<VectorEnv> envs = new ArrayList<>();
    try {
      for (int i = 0; i < servers; i++) {
        fleet.start(freePort());
      }
      fleet.watch();
      ClientOptions options = ClientOptions.defaults();
      for (String endpoint : fleet.endpoints()) {
        envs.add(new RemoteVectorEnv(endpoint, options));
      }
      return new Launched(envs, fleet);
    } catch (RuntimeException e) {
      envs.forEach(VectorEnv::close);
      fleet.close();
      throw e;
    }
  }

  /** {@code serve-sim} arguments for the env section (without {@code --bind}). */
  static List<String> serveArgs(Section env, int subEnvs, EnvFactory.Purpose purpose) {
    List<String> args = new ArrayList<>(List.of("serve-sim", "--env", env.kind(), "--num-envs",
        Integer.toString(subEnvs)));
    if (purpose == EnvFactory.Purpose.EVAL) {
      args.add("--eval");
    }
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
    o.setWidth(Integer.MAX_VALUE);
    Yaml yaml = new Yaml(o);
    for (Map.Entry<String, Object> e : ConfigBinder.toTree(env.settings()).entrySet()) {
      if (e.getKey().equals("num_envs") || e.getValue() == null) {
        continue;
      }
      args.add(e.getKey() + "=" + yaml.dump(e.getValue()).trim());
    }
    return args;
  }

  /**
   * Starts one {@code vlarl serve-sim} child process (see {@link #javaCommand}) on a free loopback
   * port and waits until it serves.
   *
   * @param serveArgs {@code serve-sim} and its arguments, without {@code --bind}
   */
  public static ServerProcess startOne(List<String> serveArgs, double timeoutSeconds) {
    return start(serveArgs, "tcp://127.0.0.1:" + freePort(), timeoutSeconds);
  }

  /** Starts {@code serveArgs} bound to {@code endpoint} in a child JVM and waits until it serves. */
  private static ServerProcess start(List<String> serveArgs, String endpoint, double timeoutSeconds) {
    List<String> args = new ArrayList<>(serveArgs);
    args.addAll(List.of("--bind", endpoint));
    return ServerProcess.start(javaCommand(args), endpoint, timeoutSeconds);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UserException("no free loopback port for an env server: " + e.getMessage(), e);
    }
  }

  /** The system property naming a started server's endpoint, first on its command line. */
  public static final String ENDPOINT_PROPERTY = "vlarl.serve_sim.endpoint";

  /**
   * Java command line of a child JVM running {@code args}. The endpoint ({@code --bind}) also goes
   * first, as {@code -D}{@value #ENDPOINT_PROPERTY}: the JDK reads only the first 4 KiB of another
   * process's command line, and the class path fills that, so this is how the processes are told
   * apart from outside ({@code ps}, ProcessHandle).
   */
  static List<String> javaCommand(List<String> args) {
    String java = ProcessHandle.current().info().command()
        .orElse(System.getProperty("java.home") + "/bin/java");
    List<String> cmd = new ArrayList<>(List.of(java));
    int bind = args.indexOf("--bind");
    if (bind >= 0 && bind + 1 < args.size()) {
      cmd.add("-D" + ENDPOINT_PROPERTY + "=" + args.get(bind + 1));
    }
    cmd.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path")));
    for (String p : List.of("vlarl.home", "ai.djl.offline", "ai.djl.pytorch.num_threads",
        "ai.djl.pytorch.num_interop_threads")) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    cmd.add(System.getProperty("vlarl.main", MAIN));
    cmd.addAll(args);
    return cmd;
  }

  /** The started processes: the watchdog's and the closer's. */
  static final class Fleet implements AutoCloseable {
    private final List<String> args;
    private final double timeout;
    private final List<ServerProcess> processes = new ArrayList<>();
    private volatile boolean closed;
    private Thread watchdog;
    private final Thread hook = new Thread(this::stopAll, "env-servers-stop");

    Fleet(List<String> args, double timeout) {
      this.args = args;
      this.timeout = timeout;
      Runtime.getRuntime().addShutdownHook(hook);
    }

    synchronized void start(int port) {
      String endpoint = "tcp://127.0.0.1:" + port;
      processes.add(SimServerProcesses.start(args, endpoint, timeout));
    }

    synchronized List<String> endpoints() {
      return processes.stream().map(ServerProcess::endpoint).toList();
    }

    /** The processes, in order (tests kill one to see it restarted). */
    synchronized List<ServerProcess> processes() {
      return List.copyOf(processes);
    }

    void watch() {
      watchdog = new Thread(() -> {
        while (!closed) {
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          }
          restartDead();
        }
      }, "env-servers-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
    }

    private synchronized void restartDead() {
      for (int i = 0; i < processes.size() && !closed; i++) {
        ServerProcess p = processes.get(i);
        if (!p.isAlive()) {
          LOG.warn("env server {} exited ({}); restarting it on the same address", p.endpoint(), p.output());
          try {
            processes.set(i, SimServerProcesses.start(args, p.endpoint(), timeout));
            LOG.warn("env server {} is back", p.endpoint());
          } catch (RuntimeException e) {
            LOG.warn("restarting env server {} failed: {}", p.endpoint(), e.getMessage());
          }
        }
      }
    }

    private synchronized void stopAll() {
      closed = true;
      processes.forEach(ServerProcess::close);
    }

    @Override
    public void close() {
      closed = true;
      if (watchdog != null) {
        watchdog.interrupt();
      }
      stopAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // already shutting down
      }
    }
  }
}
