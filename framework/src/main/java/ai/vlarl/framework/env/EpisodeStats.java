package ai.vlarl.framework.env;

/**
 * Metrics of one finished episode (ManiSkill3's {@code info["episode"]}).
 *
 * @param env the sub-env index
 * @param task the task id (index into {@link EnvSpec#tasks()})
 * @param successOnce whether the success predicate held at any step
 * @param successAtEnd whether it held at the last step
 * @param episodeReturn sum of rewards
 * @param length env steps taken (action-chunk sub-steps, not chunks)
 * @param terminated ended by termination (success or failure), not by the time limit
 * @param truncated ended by the time limit
 */
public record EpisodeStats(
    int env,
    int task,
    boolean successOnce,
    boolean successAtEnd,
    double episodeReturn,
    int length,
    boolean terminated,
    boolean truncated) {}
