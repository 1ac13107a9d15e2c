package ai.vlarl.experiments.deploy;

import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.control.ControlLoop;
import ai.vlarl.drivers.safety.SafetyShield;
import ai.vlarl.envs.tabletop.TabletopArm;
import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.framework.core.UserException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs deploy episodes on the {@code sim} driver: each episode resets the simulator to its seed,
 * releases the shield, and runs the control loop until the task succeeds or its horizon (in
 * steps) is reached, exactly the episode rules of {@code eval}.
 */
final class SimEpisodes {
  private static final int SEARCH = 100_000;

  private SimEpisodes() {}

  /**
   * Seeds of {@code count} episodes from {@code first} on; with an instruction, only the seeds
   * whose episode says it (case and spacing ignored), searched among the next 100,000.
   */
  static long[] seeds(TabletopConfig env, long first, int count, String instruction) {
    long[] out = new long[count];
    if (instruction == null) {
      for (int k = 0; k < count; k++) {
        out[k] = first + k;
      }
      return out;
    }
    String want = normalize(instruction);
    Set<String> seen = new LinkedHashSet<>();
    int found = 0;
    for (long s = first; s < first + SEARCH && found < count; s++) {
      String said = TabletopArm.episode(env, s).instruction();
      if (normalize(said).equals(want)) {
        out[found++] = s;
      } else if (seen.size() < 6) {
        seen.add(said);
      }
    }
    if (found == 0) {
      throw new UserException("no episode of tasks " + env.tasks() + " says \"" + instruction
          + "\" among seeds " + first + ".." + (first + SEARCH - 1) + "; episodes say e.g. \""
          + String.join("\", \"", seen) + "\"");
    }
    return java.util.Arrays.copyOf(out, found);
  }

  private static String normalize(String s) {
    return s.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** Runs the episodes; stops early on a failure or when {@code maxNanos} of loop time are spent. */
  static Map<String, Object> run(SimArm arm, SafetyShield shield, ControlLoop loop, long[] seeds,
      Clock clock, long maxNanos, boolean dryRun, PrintStream console) {
    long start = clock.nanos();
    List<Map<String, Object>> episodes = new ArrayList<>();
    int successes = 0;
    String error = null;
    for (long seed : seeds) {
      arm.reset(seed);
      shield.resume();
      int horizon = arm.horizon();
      long t0 = System.nanoTime();
      long left = maxNanos - (clock.nanos() - start);
      if (left <= 0) {
        break;
      }
      ControlLoop.Outcome out = loop.run(left, step -> step < horizon && !arm.succeeded());
      arm.settle(); // the last commanded steps finish
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("seed", seed);
      e.put("task", arm.episode().task().name());
      e.put("instruction", arm.episode().instruction());
      e.put("success", arm.succeeded());
      e.put("steps", dryRun ? out.steps() : arm.episodeSteps());
      e.put("return", arm.episodeReturn());
      e.put("wall_s", (System.nanoTime() - t0) / 1e9);
      episodes.add(e);
      successes += arm.succeeded() ? 1 : 0;
      console.printf("episode %d/%d seed %d \"%s\": %s in %d steps%n", episodes.size(), seeds.length,
          seed, arm.episode().instruction(), arm.succeeded() ? "success" : "no success",
          (Object) e.get("steps"));
      if (out.failed()) {
        error = out.reason();
        break;
      }
      if (out.reason().startsWith("time limit")) {
        break;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("episodes", episodes.size());
    m.put("success_rate", episodes.isEmpty() ? 0.0 : (double) successes / episodes.size());
    m.put("per_episode", episodes);
    if (error != null) {
      m.put("error", error);
    }
    return m;
  }
}
