package ai.vlarl.framework.eval;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs exactly {@link EvalTask#episodes()} episodes of one task, vectorized: sub-env i starts
 * episode i, and each sub-env that finishes a counted episode is reset into the next one until all
 * have started. Episode k always starts from {@link EvalTask#seed}(k), and results are kept by
 * episode index, so the outcome does not depend on which sub-env ran which episode or when it
 * finished. Episodes that the env auto-resets into on its own are never counted.
 */
public final class EpisodeLoop {
  private EpisodeLoop() {}

  /** Told about every finished episode. */
  public interface Listener {
    void episodeDone(String task, EpisodeStats episode);
  }

  /** A task's result and the videos of its first episodes. */
  public record Outcome(TaskResult result, List<Video> videos) {}

  /**
   * @param opened the task's opened env (and recorder)
   * @param greedy act greedily rather than sampling with {@code rng}
   * @param videos record episodes 0 .. videos−1 (needs a recorder; ignored without one)
   */
  public static Outcome run(EvalTask task, EvalEnv opened, Policy policy, boolean greedy, Rng rng,
      int videos, Listener listener) {
    VectorEnv env = opened.env();
    FrameRecorder rec = videos > 0 ? opened.recorder() : null;
    int n = env.spec().numEnvs();
    int total = task.episodes();
    int chunk = policy.chunk();
    int dim = policy.actionDim();
    int settleChunks = (task.settleSteps() + chunk - 1) / chunk;
    float[] noop = task.noop(dim);

    int[] episodeOf = new int[n];
    Arrays.fill(episodeOf, -1);
    int[] settle = new int[n];
    int first = Math.min(n, total);
    int[] idx = new int[first];
    long[] seeds = new long[first];
    for (int i = 0; i < first; i++) {
      idx[i] = i;
      seeds[i] = task.seed(i);
      episodeOf[i] = i;
      settle[i] = settleChunks;
    }
    Observations obs = env.reset(seeds, idx);
    String[] instructions = new String[Math.min(videos, total)];
    for (int i = 0; i < first; i++) {
      startRecording(rec, i, episodeOf[i], obs, instructions);
    }

    EpisodeStats[] results = new EpisodeStats[total];
    Map<Integer, Video> recorded = new TreeMap<>();
    int next = first;
    int done = 0;
    while (done < total) {
      HostArray actions = policy.act(obs, greedy, rng).actions();
      if (settleChunks > 0) {
        actions = settleRows(actions, settle, noop, n, chunk, dim);
      }
      StepResult r = env.step(actions);
      if (rec != null) {
        rec.stepped(r);
      }
      obs = r.observations();
      List<Integer> restart = new ArrayList<>();
      for (int k = 0; k < r.doneEnvs().length; k++) {
        int i = r.doneEnvs()[k];
        int ep = episodeOf[i];
        if (ep < 0) {
          continue;
        }
        EpisodeStats e = r.episodes()[k];
        results[ep] = e;
        done++;
        if (rec != null && ep < instructions.length) {
          recorded.put(ep, new Video(task.name(), ep, task.seed(ep), instructions[ep], e.successOnce(),
              rec.width(), rec.height(), rec.stop(i)));
        }
        if (listener != null) {
          listener.episodeDone(task.name(), e);
        }
        episodeOf[i] = next < total ? next++ : -1;
        if (episodeOf[i] >= 0) {
          restart.add(i);
        }
      }
      if (!restart.isEmpty()) {
        int[] ri = restart.stream().mapToInt(Integer::intValue).toArray();
        long[] rs = new long[ri.length];
        for (int j = 0; j < ri.length; j++) {
          rs[j] = task.seed(episodeOf[ri[j]]);
          settle[ri[j]] = settleChunks;
        }
        obs = env.reset(rs, ri);
        for (int i : ri) {
          startRecording(rec, i, episodeOf[i], obs, instructions);
        }
      }
    }
    return new Outcome(TaskResult.of(task.name(), Arrays.asList(results)), List.copyOf(recorded.values()));
  }

  private static void startRecording(FrameRecorder rec, int env, int episode, Observations obs,
      String[] instructions) {
    if (rec == null || episode >= instructions.length) {
      return;
    }
    instructions[episode] = obs.instructions() == null ? "" : obs.instructions()[env];
    rec.start(env, obs);
  }

  /** The actions with the rows of settling sub-envs replaced by no-op chunks. */
  private static HostArray settleRows(HostArray actions, int[] settle, float[] noop, int n, int chunk,
      int dim) {
    float[] a = actions.toFloatArray();
    for (int i = 0; i < n; i++) {
      if (settle[i] > 0) {
        settle[i]--;
        for (int c = 0; c < chunk; c++) {
          System.arraycopy(noop, 0, a, (i * chunk + c) * dim, dim);
        }
      }
    }
    return HostArray.ofFloats(a, n, chunk, dim);
  }
}
