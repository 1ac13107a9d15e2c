package ai.vlarl.simbridge.protocol;

import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.simbridge.wire.ErrorCode;
import ai.vlarl.simbridge.wire.Fields;
import ai.vlarl.simbridge.wire.WireArray;
import ai.vlarl.simbridge.wire.WireException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link StepResult} to and from the body of a {@code step} reply. */
public final class StepCodec {
  private StepCodec() {}

  /** The reply body; {@code serverMs} is the time spent in the env's step. */
  public static Map<String, Object> toMap(StepResult r, double serverMs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("obs", ObservationCodec.toMap(r.observations()));
    m.put("reward", r.reward());
    m.put("terminated", r.terminated());
    m.put("truncated", r.truncated());
    m.put("success", r.success());
    m.put("steps", r.steps());
    m.put("done_envs", r.doneEnvs());
    int k = r.doneEnvs().length;
    m.put("final_obs", k == 0 ? null : ObservationCodec.toMap(r.finalObservations()));
    m.put("episodes", k == 0 ? null : episodes(r.episodes()));
    m.put("server_ms", serverMs);
    return m;
  }

  private static Map<String, Object> episodes(EpisodeStats[] e) {
    int k = e.length;
    int[] env = new int[k];
    int[] task = new int[k];
    boolean[] once = new boolean[k];
    boolean[] atEnd = new boolean[k];
    double[] ret = new double[k];
    int[] length = new int[k];
    boolean[] term = new boolean[k];
    boolean[] trunc = new boolean[k];
    for (int i = 0; i < k; i++) {
      env[i] = e[i].env();
      task[i] = e[i].task();
      once[i] = e[i].successOnce();
      atEnd[i] = e[i].successAtEnd();
      ret[i] = e[i].episodeReturn();
      length[i] = e[i].length();
      term[i] = e[i].terminated();
      trunc[i] = e[i].truncated();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", env);
    m.put("task", task);
    m.put("success_once", once);
    m.put("success_at_end", atEnd);
    m.put("return", ret);
    m.put("length", length);
    m.put("terminated", term);
    m.put("truncated", trunc);
    return m;
  }

  /**
   * Reads and checks a step reply body against the spec, and its float fields (reward, float
   * observations, final observations, episode returns) for NaN and infinities.
   *
   * @throws NonFiniteValue for a NaN or infinity, naming the field and the first sub-env with one
   * @throws WireException for any other mismatch
   */
  public static StepResult fromMap(Map<String, Object> m, EnvSpec spec, String where) {
    int n = spec.numEnvs();
    Observations obs = ObservationCodec.fromMap(Fields.getMap(m, "obs", where, false),
        spec.observation(), n, where + ".obs");
    float[] reward = Fields.getArray(m, "reward", where).requireShape(where + ".reward", n)
        .toFloats(where + ".reward");
    NonFiniteValue.requireFinite(reward, where + ".reward", null);
    boolean[] terminated = bools(m, "terminated", where, n);
    boolean[] truncated = bools(m, "truncated", where, n);
    boolean[] success = bools(m, "success", where, n);
    int[] steps = Fields.getArray(m, "steps", where).requireShape(where + ".steps", n).toInts(where + ".steps");
    WireArray de = Fields.getArray(m, "done_envs", where);
    if (de.rank() != 1) {
      throw new WireException(ErrorCode.BAD_REQUEST, where + ".done_envs must be one-dimensional");
    }
    int[] done = de.toInts(where + ".done_envs");
    int k = done.length;
    for (int i = 0; i < k; i++) {
      if (done[i] < 0 || done[i] >= n || (i > 0 && done[i] <= done[i - 1])
          || !(terminated[done[i]] || truncated[done[i]])) {
        throw new WireException(ErrorCode.BAD_REQUEST, where + ".done_envs " + java.util.Arrays.toString(done)
            + " must be ascending sub-env indices whose episodes ended (terminated or truncated)");
      }
    }
    for (int i = 0; i < n; i++) {
      if ((terminated[i] || truncated[i]) && java.util.Arrays.binarySearch(done, i) < 0) {
        throw new WireException(ErrorCode.BAD_REQUEST, where + ": sub-env " + i + " ended but is not in done_envs");
      }
    }
    Observations finalObs = null;
    EpisodeStats[] episodes = new EpisodeStats[k];
    if (k > 0) {
      finalObs = ObservationCodec.fromMap(Fields.getMap(m, "final_obs", where, false),
          spec.observation(), k, where + ".final_obs", done);
      episodes = episodes(Fields.getMap(m, "episodes", where, false), k, where + ".episodes", done);
      for (int i = 0; i < k; i++) {
        if (episodes[i].env() != done[i]) {
          throw new WireException(ErrorCode.BAD_REQUEST,
              where + ".episodes.env[" + i + "] = " + episodes[i].env() + ", expected " + done[i]);
        }
      }
    }
    return new StepResult(obs, reward, terminated, truncated, success, steps, done, finalObs, episodes);
  }

  private static boolean[] bools(Map<String, Object> m, String key, String where, int n) {
    return Fields.getArray(m, key, where).requireShape(where + "." + key, n).toBooleans(where + "." + key);
  }

  private static EpisodeStats[] episodes(Map<String, Object> m, int k, String where, int[] done) {
    int[] env = ints(m, "env", where, k);
    int[] task = ints(m, "task", where, k);
    boolean[] once = bools(m, "success_once", where, k);
    boolean[] atEnd = bools(m, "success_at_end", where, k);
    double[] ret = Fields.getArray(m, "return", where).requireShape(where + ".return", k).toDoubles(where + ".return");
    NonFiniteValue.requireFinite(ret, where + ".return", done);
    int[] length = ints(m, "length", where, k);
    boolean[] term = bools(m, "terminated", where, k);
    boolean[] trunc = bools(m, "truncated", where, k);
    EpisodeStats[] out = new EpisodeStats[k];
    for (int i = 0; i < k; i++) {
      out[i] = new EpisodeStats(env[i], task[i], once[i], atEnd[i], ret[i], length[i], term[i], trunc[i]);
    }
    return out;
  }

  private static int[] ints(Map<String, Object> m, String key, String where, int k) {
    return Fields.getArray(m, key, where).requireShape(where + "." + key, k).toInts(where + "." + key);
  }
}
