package ai.vlarl.framework.run;

import ai.vlarl.framework.env.EpisodeStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Aggregates finished episodes into metrics: count, success rates, mean return and length. */
public final class EpisodeTally {
  private final List<String> taskNames;
  private int episodes;
  private int successOnce;
  private int successAtEnd;
  private double returns;
  private long lengths;
  private final int[] perTaskEpisodes;
  private final int[] perTaskSuccess;

  public EpisodeTally(List<String> taskNames) {
    this.taskNames = taskNames;
    this.perTaskEpisodes = new int[taskNames.size()];
    this.perTaskSuccess = new int[taskNames.size()];
  }

  public void add(EpisodeStats e) {
    episodes++;
    successOnce += e.successOnce() ? 1 : 0;
    successAtEnd += e.successAtEnd() ? 1 : 0;
    returns += e.episodeReturn();
    lengths += e.length();
    if (e.task() >= 0 && e.task() < perTaskEpisodes.length) {
      perTaskEpisodes[e.task()]++;
      perTaskSuccess[e.task()] += e.successOnce() ? 1 : 0;
    }
  }

  public int episodes() {
    return episodes;
  }

  /** Fraction of episodes whose success predicate held at some step; NaN with no episodes. */
  public double successRate() {
    return episodes == 0 ? Double.NaN : (double) successOnce / episodes;
  }

  public double meanReturn() {
    return episodes == 0 ? Double.NaN : returns / episodes;
  }

  /** Metrics under {@code prefix}: episodes, success_once, success_at_end, return, length, per task. */
  public Map<String, Double> metrics(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "episodes", (double) episodes);
    if (episodes > 0) {
      m.put(prefix + "success_once", successRate());
      m.put(prefix + "success_at_end", (double) successAtEnd / episodes);
      m.put(prefix + "return", meanReturn());
      m.put(prefix + "length", (double) lengths / episodes);
      for (int t = 0; t < perTaskEpisodes.length; t++) {
        if (perTaskEpisodes[t] > 0) {
          m.put(prefix + "success/" + taskNames.get(t), (double) perTaskSuccess[t] / perTaskEpisodes[t]);
        }
      }
    }
    return m;
  }

  /** Per-task success rates by task name (tasks with episodes only). */
  public Map<String, Double> perTaskSuccess() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int t = 0; t < perTaskEpisodes.length; t++) {
      if (perTaskEpisodes[t] > 0) {
        m.put(taskNames.get(t), (double) perTaskSuccess[t] / perTaskEpisodes[t]);
      }
    }
    return m;
  }
}
