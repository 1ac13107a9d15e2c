package ai.vlarl.framework.eval;

import ai.vlarl.framework.env.EpisodeStats;
import java.util.List;

/**
 * The outcome of one task of a suite: counts and sums over its episodes.
 *
 * @param task the task's name
 * @param episodes episodes run
 * @param successes episodes whose success predicate held at some step ({@code success_once})
 * @param successesAtEnd episodes whose success predicate held at their last step
 * @param totalLength env steps over all episodes
 * @param totalReturn summed episode returns
 */
public record TaskResult(
    String task, int episodes, int successes, int successesAtEnd, long totalLength, double totalReturn) {

  public TaskResult {
    if (episodes < 0 || successes < 0 || successes > episodes || successesAtEnd < 0
        || successesAtEnd > episodes) {
      throw new IllegalArgumentException(task + ": " + successes + " / " + successesAtEnd
          + " successes in " + episodes + " episodes");
    }
  }

  /** The result of {@code task} over the given finished episodes. */
  public static TaskResult of(String task, List<EpisodeStats> episodes) {
    int once = 0;
    int atEnd = 0;
    long length = 0;
    double ret = 0;
    for (EpisodeStats e : episodes) {
      once += e.successOnce() ? 1 : 0;
      atEnd += e.successAtEnd() ? 1 : 0;
      length += e.length();
      ret += e.episodeReturn();
    }
    return new TaskResult(task, episodes.size(), once, atEnd, length, ret);
  }

  /** successes / episodes (NaN with no episodes). */
  public double successRate() {
    return episodes == 0 ? Double.NaN : (double) successes / episodes;
  }

  /** successesAtEnd / episodes (NaN with no episodes). */
  public double successAtEndRate() {
    return episodes == 0 ? Double.NaN : (double) successesAtEnd / episodes;
  }

  /** The Wilson 95% interval of {@link #successRate()}. */
  public Wilson.Interval ci95() {
    return Wilson.interval95(successes, episodes);
  }

  /** The Wilson 95% interval of {@link #successAtEndRate()}. */
  public Wilson.Interval ci95AtEnd() {
    return Wilson.interval95(successesAtEnd, episodes);
  }

  /** Mean episode length in env steps (NaN with no episodes). */
  public double meanLength() {
    return episodes == 0 ? Double.NaN : (double) totalLength / episodes;
  }

  /** Mean episode return (NaN with no episodes). */
  public double meanReturn() {
    return episodes == 0 ? Double.NaN : totalReturn / episodes;
  }
}
