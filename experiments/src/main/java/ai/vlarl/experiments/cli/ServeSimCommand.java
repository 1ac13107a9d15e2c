package ai.vlarl.experiments.cli;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.framework.run.Provenance;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.security.BindPolicy;
import ai.vlarl.simbridge.security.CurveKeyFiles;
import ai.vlarl.simbridge.security.CurveServerKeys;
import ai.vlarl.simbridge.server.ServerOptions;
import ai.vlarl.simbridge.server.SimServer;
import ai.vlarl.simbridge.wire.MessageEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vlarl serve-sim}: hosts any env kind over the sim bridge (sim-bridge/PROTOCOL.md). */
@Command(name = "serve-sim", mixinStandardHelpOptions = true,
    description = {
      "Serves an env over the sim bridge (ZeroMQ + MessagePack) until interrupted.",
      "Protocol: sim-bridge/PROTOCOL.md; train against it with env.kind=remote. Example:",
      "  ./vlarl serve-sim --env tabletop --task reach --num-envs 64 --bind tcp://127.0.0.1:5555",
      "Binding a non-loopback address needs CURVE (--curve-secret, --curve-allow) or --insecure."
    })
final class ServeSimCommand implements Callable<Integer> {
  @Option(names = "--env", defaultValue = "tabletop", paramLabel = "KIND",
      description = "env kind (default: ${DEFAULT-VALUE}); 'vlarl config --keys' lists kinds and keys")
  String kind;

  @Option(names = "--task", paramLabel = "TASK", description = "a task (repeatable): sets the env's 'tasks' key")
  List<String> tasks = new ArrayList<>();

  @Option(names = "--num-envs", paramLabel = "N", description = "sub-envs: sets the env's 'num_envs' key")
  Integer numEnvs;

  @Option(names = "--bind", defaultValue = "tcp://127.0.0.1:5555", paramLabel = "ENDPOINT",
      description = "ZeroMQ endpoint to serve on (default: ${DEFAULT-VALUE})")
  String bind;

  @Option(names = "--eval", description = "create the env for evaluation (e.g. ignore terminations where the kind does)")
  boolean eval;

  @Option(names = "--curve-secret", paramLabel = "FILE", description = "the server's secret certificate: enables CURVE")
  Path curveSecret;

  @Option(names = "--curve-allow", paramLabel = "PATH",
      description = "allowed client public keys: a *.key directory, a certificate, or Z85 keys one per line")
  Path curveAllow;

  @Option(names = "--insecure", description = "allow a non-loopback bind without CURVE (trusted networks only)")
  boolean insecure;

  @Option(names = "--max-request-mb", paramLabel = "MB", defaultValue = "64", description = "request size limit (default: ${DEFAULT-VALUE})")
  double maxRequestMb;

  @Option(names = "--no-data-connection",
      description = "serve everything over ZeroMQ (by default, clients that attach a plain TCP data connection"
          + " send reset/step/observe on it; never with CURVE)")
  boolean noDataConnection;

  @Option(names = "--gen-keys", paramLabel = "DIR/NAME",
      description = "write a CURVE key pair to DIR/NAME.key (public) and DIR/NAME.key_secret, then exit")
  Path genKeys;

  @Parameters(paramLabel = "KEY=VALUE", description = "more env keys, e.g. obs_mode=rgb image_size=64")
  List<String> keys = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    if (genKeys != null) {
      Path dir = genKeys.toAbsolutePath().getParent();
      CurveKeyFiles.write(dir, genKeys.getFileName().toString(), CurveKeyFiles.generate());
      System.out.println("wrote " + genKeys + ".key (public) and " + genKeys + ".key_secret");
      return 0;
    }
    if ((curveSecret == null) != (curveAllow == null)) {
      throw new UserException("CURVE needs both --curve-secret and --curve-allow");
    }
    long maxRequestBytes = ServerOptions.maxRequestBytes("--max-request-mb", maxRequestMb);
    BindPolicy.check("--bind", bind, curveSecret != null, insecure);
    CurveServerKeys curve = curveSecret == null ? null : CurveServerKeys.load(curveSecret, curveAllow);
    ServerOptions options = new ServerOptions(bind, curve, insecure, maxRequestBytes,
        Protocol.DEFAULT_HEARTBEAT_MS, MessageEncoder.DEFAULT_INLINE_LIMIT, "vlarl-java " + Provenance.version(),
        !noDataConnection);
    try (VectorEnv env = createEnv(new Assembly().plugins());
        SimServer server = new SimServer(env, options).start()) {
      System.out.println("serving " + env.spec().name() + " (" + env.spec().numEnvs() + " sub-envs) on "
          + server.endpoint() + (curve != null ? " with CURVE" : "") + "; Ctrl-C stops");
      System.out.flush();
      Thread main = Thread.currentThread();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        try {
          main.join(5000);
        } catch (InterruptedException ignored) {
          // exiting anyway
        }
      }));
      server.awaitTermination();
    }
    return 0;
  }

  private VectorEnv createEnv(Plugins plugins) {
    EnvFactory factory = plugins.envs().get(kind);
    Map<String, Object> section = new LinkedHashMap<>();
    if (!tasks.isEmpty()) {
      section.put("tasks", List.copyOf(tasks));
    }
    if (numEnvs != null) {
      section.put("num_envs", numEnvs);
    }
    for (String kv : keys) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new UserException("'" + kv + "' is not KEY=VALUE (env keys: see 'vlarl config --keys')");
      }
      section.put(kv.substring(0, eq), new Yaml().load(kv.substring(eq + 1)));
    }
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("env", withKind(section));
    Record cfg = plugins.binder().bind(ai.vlarl.framework.run.ExperimentConfig.class, tree).env().settings();
    return factory.create(cfg, eval ? EnvFactory.Purpose.EVAL : EnvFactory.Purpose.TRAIN, 0);
  }

  private Map<String, Object> withKind(Map<String, Object> section) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.putAll(section);
    return m;
  }
}
