package ai.vlarl.experiments.deploy;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.DriverContext;
import ai.vlarl.drivers.DriverFactory;
import ai.vlarl.drivers.DryRunArm;
import ai.vlarl.drivers.ManualClock;
import ai.vlarl.drivers.RobotArm;
import ai.vlarl.drivers.control.ControlLoop;
import ai.vlarl.drivers.control.LoopConfig;
import ai.vlarl.drivers.control.Pacer;
import ai.vlarl.drivers.safety.Intervention;
import ai.vlarl.drivers.safety.InterventionLog;
import ai.vlarl.drivers.safety.SafetyShield;
import ai.vlarl.drivers.safety.ShieldWarmUp;
import ai.vlarl.drivers.safety.Watchdog;
import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.config.KeyReference;
import ai.vlarl.framework.config.ConfigLoader;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.registry.Registry;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.Json;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.framework.run.RunDirectory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code vlarl deploy}: rebuilds a policy from a checkpoint, opens the arm through its driver,
 * wraps it in the safety shield, and runs the control loop; writes {@code report.json} and {@code
 * interventions.jsonl} (and with {@code --dry-run}, {@code commands.jsonl}) to the output
 * directory.
 */
public final class DeployRunner {
  /** The command line's choices. */
  public record Options(Path checkpoint, String driver, String instruction, String task,
      boolean dryRun, Double maxSeconds, Path config, List<String> overrides, Integer episodes,
      boolean simTime, boolean compareEval, Path out, PrintStream console) {}

  private static final java.util.Set<Intervention.Kind> LOUD = java.util.EnumSet.of(
      Intervention.Kind.WATCHDOG, Intervention.Kind.ESTOP, Intervention.Kind.REJECTED,
      Intervention.Kind.STATE_OUT_OF_BOUNDS, Intervention.Kind.MODE_SWITCH, Intervention.Kind.NON_FINITE);
  private final Plugins plugins;
  private final Registry<DriverFactory> drivers;

  public DeployRunner(Plugins plugins, Map<String, DriverFactory> drivers) {
    this.plugins = plugins;
    this.drivers = new Registry<>("driver", drivers);
  }

  /** Binds a deploy config tree. */
  public DeployConfig bind(Map<String, Object> tree) {
    return new ConfigBinder((section, kind) -> {
      if (!section.equals("driver")) {
        throw new UserException("no plugins for config section '" + section + "'");
      }
      return drivers.get(kind).configType();
    }).bind(DeployConfig.class, tree);
  }

  /** Every deploy config key with type, default and meaning, drivers included. */
  public KeyReference keys() {
    KeyReference ref = new KeyReference().add("deploy", DeployConfig.class, "");
    drivers.all().forEach((kind, f) ->
        ref.add("driver.kind: " + kind + " -- " + f.description(), f.configType(), "driver."));
    return ref;
  }

  /** Runs a deploy; returns the report (also written to {@code report.json}). */
  public Map<String, Object> run(Options o) {
    Map<String, Object> tree = ConfigLoader.load(o.config(), o.overrides());
    if (o.driver() != null) {
      ConfigLoader.applyOverride(tree, "driver.kind=" + o.driver());
    }
    if (o.episodes() != null) {
      ConfigLoader.applyOverride(tree, "driver.episodes=" + o.episodes());
    }
    DeployConfig cfg = bind(tree);
    boolean sim = cfg.driver().kind().equals("sim");
    requireWorkspace(tree, sim);
    if (o.simTime() && !sim) {
      throw new UserException("--sim-time runs simulated time: only with --driver sim");
    }
    Path ckpt = LoadedPolicy.resolve(o.checkpoint());
    ExperimentConfig exp = LoadedPolicy.config(plugins, ckpt);
    Path out = o.out() != null ? o.out() : RunDirectory.fresh(Path.of("deploys"), cfg.driver().kind());
    LoopConfig lc = cfg.loop();
    ManualClock manual = o.simTime() ? new ManualClock(0) : null;
    Clock clock = manual != null ? manual : Clock.SYSTEM;
    DriverContext ctx = new DriverContext(lc.driverPeriod(), 1 / lc.policy_hz(), clock, o.dryRun(), exp.env());
    if (o.maxSeconds() != null && !(o.maxSeconds() > 0 && o.maxSeconds() < Double.POSITIVE_INFINITY)) {
      throw new UserException("--max-seconds must be a positive number of seconds, got " + o.maxSeconds());
    }
    double maxSeconds = o.maxSeconds() != null ? o.maxSeconds() : (sim ? 1e9 : 60);
    boolean fresh = !Files.exists(out);
    try {
      return deploy(o, cfg, exp, ckpt, out, ctx, manual, clock, maxSeconds, sim);
    } catch (RuntimeException e) {
      if (fresh) {
        removeIfNothingWritten(out); // a failed start leaves nothing that blocks a retry into it
      }
      throw e;
    }
  }

  private Map<String, Object> deploy(Options o, DeployConfig cfg, ExperimentConfig exp, Path ckpt, Path out,
      DriverContext ctx, ManualClock manual, Clock clock, double maxSeconds, boolean sim) {
    LoopConfig lc = cfg.loop();
    // the policy loads before the output directory is made: a damaged checkpoint leaves no files
    try (RobotArm raw = drivers.get(cfg.driver().kind()).create(cfg.driver().settings(), ctx);
        LoadedPolicy lp = LoadedPolicy.load(plugins, ckpt, exp, specOf(raw, exp));
        BufferedWriter interventions = Files.newBufferedWriter(createOut(out).resolve("interventions.jsonl"));
        BufferedWriter commands = o.dryRun() ? Files.newBufferedWriter(out.resolve("commands.jsonl")) : null;
        Sources sources = Sources.open(cfg, exp, lp, raw, o, clock)) {
      RobotArm arm = o.dryRun() ? new DryRunArm(raw, c -> log(commands, clock, c)) : raw;
      InterventionLog log = new InterventionLog(interventions);
      log.addListener(i -> {
        if (!java.util.Collections.disjoint(i.kinds(), LOUD)) { // clamping is counted, not printed
          o.console().println("safety: " + i.kinds() + " " + i.detail());
        }
      });
      SafetyShield shield = new SafetyShield(arm, cfg.safety(), lc.driverPeriod(), clock, log);
      o.console().println("deploying " + ckpt + " on " + cfg.driver().kind() + (o.dryRun() ? " (dry run: no motion)" : "")
          + "; output " + out);
      shield.connect();
      warmUp(raw, sources, shield, cfg, lc);
      Pacer pacer = manual != null ? Pacer.simulated(manual, shield::checkWatchdog) : Pacer.realTime();
      boolean async = lc.inference().equals("async") && manual == null;
      ExecutorService pool = async ? Executors.newSingleThreadExecutor(r -> daemon(r, "vlarl-policy")) : null;
      Thread hook = new Thread(() -> shield.emergencyStop("interrupted (Ctrl-C)"));
      Runtime.getRuntime().addShutdownHook(hook);
      EnterKeyStop enter = EnterKeyStop.start(shield, o.console());
      try (Watchdog watchdog = manual == null ? Watchdog.start(shield) : null) {
        ControlLoop loop = new ControlLoop(shield, sources.actions(), cfg.mapping(), lc, pacer,
            pool != null ? pool : Runnable::run);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("checkpoint", ckpt.toString());
        report.put("driver", cfg.driver().kind());
        report.put("dry_run", o.dryRun());
        report.put("sim_time", o.simTime());
        long maxNanos = Math.round(maxSeconds * 1e9);
        if (sim) {
          SimArm simArm = (SimArm) raw;
          SimDriverConfig sc = cfg.driver().as(SimDriverConfig.class);
          long first = sc.seed() >= 0 ? sc.seed() : exp.eval().seed();
          long[] seeds = SimEpisodes.seeds(((TabletopConfig) exp.env().settings()), first, sc.episodes(),
              o.instruction());
          report.putAll(SimEpisodes.run(simArm, shield, loop, seeds, clock, maxNanos, o.dryRun(), o.console()));
          if (o.compareEval() && o.instruction() == null) {
            report.put("eval", Evaluation.sameEpisodes(plugins, exp, lp.policy(), first, seeds.length));
          }
        } else {
          report.put("instruction", sources.instruction());
          ControlLoop.Outcome r = loop.run(maxNanos, null);
          report.put("outcome", r.reason());
          if (r.failed()) {
            report.put("error", r.reason());
          }
        }
        report.put("loop", loop.report());
        report.put("interventions", log.summary());
        report.put("stop_reason", shield.stopReason());
        Files.writeString(out.resolve("report.json"), Json.pretty(report) + "\n");
        return report;
      } finally {
        enter.close();
        if (pool != null) {
          pool.shutdown();
        }
        shield.stop();
        removeHook(hook);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write deploy output in " + out, e);
    }
  }

  /** Runs every code path of a tick once or more before the clock starts (see SafetyShield.warmUp). */
  private static void warmUp(RobotArm raw, Sources sources, SafetyShield shield, DeployConfig cfg, LoopConfig lc) {
    ShieldWarmUp.run(cfg.safety(), lc.driverPeriod());
    if (raw instanceof SimArm sim) {
      sim.warmUp();
    }
    for (int k = 0; k < 20; k++) {
      sources.warmUp(shield.state());
    }
  }

  /**
   * Deletes {@code out} (made by this run) when every file in it is empty: nothing was logged, so
   * nothing is lost, and a retry with the same {@code --out} is not refused as "not empty".
   */
  private static void removeIfNothingWritten(Path out) {
    if (!Files.isDirectory(out)) {
      return;
    }
    try (var s = Files.list(out)) {
      List<Path> files = s.toList();
      for (Path f : files) {
        if (!Files.isRegularFile(f) || Files.size(f) > 0) {
          return;
        }
      }
      for (Path f : files) {
        Files.delete(f);
      }
      Files.delete(out);
    } catch (IOException ignored) {
      // left as it is: the error that ended the run is the one to report
    }
  }

  private static Path createOut(Path out) throws IOException {
    if (Files.isDirectory(out)) {
      try (var s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          throw new UserException("deploy output directory " + out + " is not empty; choose another --out");
        }
      }
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UserException("cannot create the deploy output directory " + out + ": " + e);
    }
    return out;
  }

  private static void requireWorkspace(Map<String, Object> tree, boolean sim) {
    if (sim) {
      return;
    }
    Object safety = tree.get("safety");
    if (!(safety instanceof Map<?, ?> s) || !s.containsKey("workspace_min") || !s.containsKey("workspace_max")) {
      throw new UserException("a real arm needs its own workspace: set safety.workspace_min and"
          + " safety.workspace_max (the defaults are the simulated tabletop's), e.g. in a deploy"
          + " config like robot-drivers/configs/deploy-ur.yaml");
    }
  }

  /** The env spec the policy was trained on: the sim's own, or the env built once to read it. */
  private EnvSpec specOf(RobotArm raw, ExperimentConfig exp) {
    if (raw instanceof SimArm s) {
      return s.simulator().spec();
    }
    EnvFactory f = plugins.envs().get(exp.env().kind());
    try (VectorEnv env = f.create(exp.env().settings(), EnvFactory.Purpose.EVAL, 1)) {
      return env.spec();
    }
  }

  private static void log(BufferedWriter w, Clock clock, ArmCommand c) {
    try {
      w.write("{\"time_s\":" + clock.nanos() / 1e9 + ",\"command\":\"" + c + "\"}\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook has run
    }
  }
}
