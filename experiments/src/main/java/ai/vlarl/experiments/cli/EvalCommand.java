package ai.vlarl.experiments.cli;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.core.ZmqEndpoints;
import ai.vlarl.framework.eval.EvalProgress;
import ai.vlarl.framework.eval.EvalSuites;
import ai.vlarl.framework.eval.ReportFiles;
import ai.vlarl.framework.eval.ReportJson;
import ai.vlarl.framework.eval.SuiteEvaluator;
import ai.vlarl.framework.eval.SuitePlan;
import ai.vlarl.framework.eval.SuiteRequest;
import ai.vlarl.framework.run.CheckpointedPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vlarl eval}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluates a checkpoint on one or more suites: a fixed number of episodes per task "
        + "from fixed initial conditions, vectorized. Writes report.json (per task: episodes, "
        + "successes, success rate with its Wilson 95%% interval, mean episode length; the mean over "
        + "tasks), report.md, chart.png, timing.json and, with --video, GIFs of the first episodes "
        + "of each task. The same checkpoint and seed give the same report.json.")
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", paramLabel = "DIR",
      description = "a run directory (its latest checkpoint) or a checkpoint directory")
  Path checkpoint;

  @Option(names = "--suite", paramLabel = "NAME",
      description = "suite to run; repeat for several (see --list-suites)")
  List<String> suites = new ArrayList<>();

  @Option(names = "--episodes-per-task", paramLabel = "N",
      description = "episodes per task (default: the suite's standard number)")
  Integer episodesPerTask;

  @Option(names = "--seed", paramLabel = "S",
      description = "evaluation seed (default: the checkpoint's eval.seed)")
  Long seed;

  @Option(names = "--video", paramLabel = "N", defaultValue = "0",
      description = "record the first N episodes of each task as GIFs (default: ${DEFAULT-VALUE})")
  int video;

  @Option(names = "--num-envs", paramLabel = "N",
      description = "sub-envs run side by side (default: the suite's; part of the protocol)")
  Integer numEnvs;

  @Option(names = "--out", paramLabel = "DIR",
      description = "output directory (default: eval/<checkpoint>/<suite>/ in the run directory); with "
          + "several suites, one sub-directory per suite; a directory holding a report is refused")
  Path out;

  @Option(names = "--task", paramLabel = "NAME",
      description = "run only this task (repeat for several): a tabletop task name, a LIBERO task index")
  List<String> tasks = new ArrayList<>();

  @Option(names = "--server", paramLabel = "ENDPOINT",
      description = "bridge suites: use the running server at ENDPOINT (e.g. tcp://127.0.0.1:5555) "
          + "instead of starting one (which runs on VLARL_SIM_PYTHON, else VLARL_PYTHON)")
  String server;

  @Option(names = "--server-arg", paramLabel = "ARG",
      description = "bridge suites: an extra argument for the server they start (repeat; e.g. "
          + "--server-arg=--sim-backend --server-arg=physx_cpu)")
  List<String> serverArgs = new ArrayList<>();

  @Option(names = "--list-suites", description = "print the known suites and exit")
  boolean list;

  @Override
  public Integer call() {
    Assembly assembly = new Assembly();
    EvalSuites registry = assembly.evalSuites();
    if (list) {
      registry.known().forEach(name -> System.out.printf("%-28s %s%n", name,
          registry.all().get(name.replaceAll(":.*", "")).description()));
      return 0;
    }
    if (checkpoint == null || suites.isEmpty()) {
      throw new UserException("eval needs --checkpoint DIR and --suite NAME (known suites: "
          + String.join(", ", registry.known()) + ")");
    }
    if ((episodesPerTask != null && episodesPerTask < 1) || (numEnvs != null && numEnvs < 1)) {
      throw new UserException("--episodes-per-task and --num-envs must be at least 1 (leave them out for "
          + "the suite's own numbers)");
    }
    if (video < 0) {
      throw new UserException("--video must not be negative");
    }
    if (server != null) {
      ZmqEndpoints.require("--server", server, ZmqEndpoints.Use.CONNECT);
    }
    List<EvalSuites.Resolved> resolved = suites.stream().map(registry::get).toList();
    boolean terminal = System.console() != null;
    try (CheckpointedPolicy policy = CheckpointedPolicy.load(assembly.plugins(), checkpoint)) {
      long s = seed != null ? seed : policy.config().eval().seed();
      System.out.println("checkpoint: " + policy.checkpoint());
      Map<Path, String> dirs = new HashMap<>();
      for (EvalSuites.Resolved r : resolved) { // before any episode runs
        Path dir = outputDir(policy.checkpoint(), r.name(), resolved.size());
        String other = dirs.putIfAbsent(dir, r.name());
        if (other != null) {
          throw new UserException("--suite " + other + " and --suite " + r.name() + " would both write into "
              + dir + "; give each suite once");
        }
        prepareOutput(dir);
      }
      for (EvalSuites.Resolved r : resolved) {
        SuitePlan plan = r.suite().plan(new SuiteRequest(r.name(), r.argument(), assembly.plugins(),
            policy.config(), policy.spec(), episodesPerTask == null ? 0 : episodesPerTask, s,
            numEnvs == null ? 0 : numEnvs, tasks, server, serverArgs));
        EvalProgress progress = new EvalProgress(System.out, terminal, r.name(),
            SuiteEvaluator.episodes(plan));
        SuiteEvaluator.Result result = SuiteEvaluator.run(r.name(), plan, policy, s, video, progress);
        Path dir = outputDir(policy.checkpoint(), r.name(), resolved.size());
        ReportFiles.write(result, dir);
        System.out.printf("%s in %.1f s; report: %s%n", ReportFiles.summaryLine(result.report()),
            result.seconds(), dir.resolve("report.md"));
      }
    }
    return 0;
  }

  private Path outputDir(Path ckpt, String suite, int suiteCount) {
    String folder = suite.replaceAll("[^A-Za-z0-9._-]", "-");
    if (out != null) {
      return suiteCount == 1 ? out : out.resolve(folder);
    }
    Path run = CheckpointedPolicy.runDirectory(ckpt);
    return run != null ? run.resolve("eval").resolve(ckpt.getFileName().toString()).resolve(folder)
        : ckpt.resolve("eval").resolve(folder);
  }

  /**
   * Creates {@code dir} and refuses one that already holds a report, before any episode runs: an
   * earlier evaluation's results are never replaced, and an unwritable place fails at once.
   */
  static void prepareOutput(Path dir) {
    if (Files.exists(dir.resolve(ReportJson.FILE))) {
      throw new UserException(dir + " already holds an evaluation report (" + ReportJson.FILE
          + "); pass --out DIR to write elsewhere, or remove it");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserException("cannot create the output directory " + dir + ": " + e);
    }
    if (!Files.isWritable(dir)) {
      throw new UserException("cannot write into the output directory " + dir);
    }
  }
}
