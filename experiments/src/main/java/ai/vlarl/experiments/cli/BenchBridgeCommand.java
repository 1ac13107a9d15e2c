package ai.vlarl.experiments.cli;

import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.envs.tabletop.TabletopEnvFactory;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.run.Json;
import ai.vlarl.simbridge.bench.BridgeBenchmark;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vlarl bench bridge}: the sim bridge's overhead and throughput against the env in process. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
    description = "Step time of the tabletop env (rgb, all tasks) through the sim bridge (a Java server on a "
        + "loopback TCP port, started here: in this JVM, or with --server process a 'vlarl serve-sim' "
        + "process) against the same env in process, side by side; one JSON object per row with envs, "
        + "image, chunk, server, step_ms_local, step_ms_bridge, overhead_ratio, payload_mb_s, their "
        + "medians, and each bridge step split into the server's env, the bridge's own time and a "
        + "plain loopback round trip, and the same env handed to another thread with no bytes (the "
        + "hand-over floor) (every key: sim-bridge/README.md, \"Benchmark\").")
final class BenchBridgeCommand implements Callable<Integer> {
  @Option(names = "--seconds", defaultValue = "4", description = "measuring time per row and side (default: ${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--images", split = ",", defaultValue = "64,224", description = "image sides (default: ${DEFAULT-VALUE})")
  List<Integer> images;

  @Option(names = "--envs", split = ",", defaultValue = "16,64,256", description = "sub-env counts (default: ${DEFAULT-VALUE})")
  List<Integer> envs;

  @Option(names = "--chunks", split = ",", defaultValue = "1,4",
      description = "actions per sub-env and request: 1 as a policy that decodes one action at a time sends them, "
          + "4 as the default experiment's policy (policy.chunk) does; at most the env's max_chunk "
          + "(default: ${DEFAULT-VALUE})")
  List<Integer> chunks;

  @Option(names = "--server", defaultValue = "thread",
      description = "where the server runs: 'thread' (in this JVM: one heap and GC for both sides) or 'process' "
          + "(a 'vlarl serve-sim' child JVM per row, as rollout.env_servers starts them; 3 s of warm-up per side "
          + "for its JIT) (default: ${DEFAULT-VALUE})")
  String server;

  @Override
  public Integer call() {
    BridgeBenchmark.Hosting hosting = switch (server) {
      case "process" -> BridgeBenchmark.Hosting.childProcess(BenchBridgeCommand::serveArgs);
      case "thread" -> BridgeBenchmark.Hosting.inThisJvm(BenchBridgeCommand::tabletop);
      default -> throw new UserException("--server must be 'process' or 'thread', got '" + server + "'");
    };
    BenchCommand.positiveSeconds(seconds);
    int maxChunk = TabletopConfig.of(Map.of()).max_chunk();
    for (int chunk : chunks) {
      if (chunk < 1 || chunk > maxChunk) {
        throw new UserException("--chunks: " + chunk + " is not a chunk length the tabletop env takes (1 to "
            + maxChunk + ")");
      }
    }
    for (int image : images) {
      for (int n : envs) {
        for (int chunk : chunks) {
          System.out.println(Json.line(
              BridgeBenchmark.measure(BenchBridgeCommand::tabletop, hosting, image, n, chunk, seconds)));
          System.out.flush();
        }
      }
    }
    return 0;
  }

  /** {@code serve-sim} arguments for the env {@link #tabletop} makes. */
  static List<String> serveArgs(int n, int image) {
    return List.of("serve-sim", "--env", "tabletop", "--num-envs", Integer.toString(n), "obs_mode=rgb",
        "image_size=" + image);
  }

  static VectorEnv tabletop(int n, int image) {
    TabletopConfig cfg = TabletopConfig.of(Map.of("obs_mode", "rgb", "num_envs", n, "image_size", image));
    return new TabletopEnvFactory().create(cfg, EnvFactory.Purpose.TRAIN, 0);
  }
}
