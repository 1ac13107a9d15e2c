package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.core.UserException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The {@code env: {kind: tabletop, ...}} config section. Keys are the component names.
 *
 * @param num_envs sub-envs N
 * @param tasks tasks the sub-envs draw from (each episode picks one from its seed)
 * @param obs_mode {@code state} or {@code rgb}
 * @param image_size camera image side in pixels (rgb mode)
 * @param wrist_camera add a wrist-camera image (rgb mode)
 * @param reward {@code dense}, {@code staged} or {@code sparse}
 * @param terminate_on_success end an episode when its success predicate first holds
 * @param eval_ignore_terminations in evaluation, run every episode to its horizon
 * @param max_chunk the longest action chunk one step accepts
 * @param distractors distractor blocks per episode
 * @param horizon_scale multiplies every task's horizon
 * @param split the episode distribution: {@code train} or an out-of-distribution split ({@link
 *     Split})
 */
public record TabletopConfig(
    @Doc(value = "number of sub-envs N stepped together", dflt = "64") int num_envs,
    @Doc(
            value = "tasks to draw episodes from (each episode picks one from its seed): reach, push, pick-place",
            dflt = "[reach, push, pick-place]")
        List<String> tasks,
    @Doc(
            value = "observation mode: 'state' (flat float vector) or 'rgb' (camera image + proprio)",
            dflt = "state")
        String obs_mode,
    @Doc(value = "side of the square camera images in pixels (rgb mode), 16 to 512", dflt = "64")
        int image_size,
    @Doc(value = "also render a wrist camera of the same size (rgb mode)", dflt = "false")
        boolean wrist_camera,
    @Doc(
            value = "reward: 'dense' (progress shaping + success bonus), 'staged' (staged level in"
                + " [0, 1], 1 on success) or 'sparse' (1 on success)",
            dflt = "dense")
        String reward,
    @Doc(value = "end an episode (terminated) when the task first succeeds", dflt = "true")
        boolean terminate_on_success,
    @Doc(
            value = "for evaluation envs: never terminate, run each episode to its horizon",
            dflt = "false")
        boolean eval_ignore_terminations,
    @Doc(value = "longest action chunk accepted by one step", dflt = "8") int max_chunk,
    @Doc(value = "distractor blocks per episode, 0 to 4", dflt = "2") int distractors,
    @Doc(value = "multiplies every task's horizon (reach 50, push 80, pick-place 100)", dflt = "1.0")
        double horizon_scale,
    @Doc(
            value = "episode distribution: 'train', or an out-of-distribution evaluation split:"
                + " 'ood-vision' (unseen table/background colors, textures, lighting),"
                + " 'ood-semantic' (held-out task/target-color combinations, unseen phrasings),"
                + " 'ood-execution' (objects and end-effector outside the training ranges)",
            dflt = "train")
        String split) {

  /** Observation modes. */
  public static final List<String> OBS_MODES = List.of("state", "rgb");
  /** Reward modes. */
  public static final List<String> REWARDS = List.of("dense", "staged", "sparse");

  public TabletopConfig {
    tasks = tasks == null ? null : List.copyOf(tasks);
    if (num_envs < 1) {
      throw new IllegalArgumentException("num_envs must be at least 1, got " + num_envs);
    }
    if (tasks == null || tasks.isEmpty()) {
      throw new IllegalArgumentException("tasks must name at least one of " + Tasks.names());
    }
    for (String t : tasks) {
      if (Tasks.find(t) == null) {
        throw new IllegalArgumentException(
            "unknown task '" + t + "'; known tasks: " + String.join(", ", Tasks.names()));
      }
    }
    if (new HashSet<>(tasks).size() != tasks.size()) {
      throw new IllegalArgumentException("tasks lists a task twice: " + tasks);
    }
    if (!OBS_MODES.contains(obs_mode)) {
      throw new IllegalArgumentException(
          "obs_mode must be 'state' or 'rgb', got '" + obs_mode + "'");
    }
    if (image_size < 16 || image_size > 512) {
      throw new IllegalArgumentException("image_size must be in [16, 512], got " + image_size);
    }
    if (!REWARDS.contains(reward)) {
      throw new IllegalArgumentException(
          "reward must be one of " + String.join(", ", REWARDS) + ", got '" + reward + "'");
    }
    if (max_chunk < 1 || max_chunk > 64) {
      throw new IllegalArgumentException("max_chunk must be in [1, 64], got " + max_chunk);
    }
    if (distractors < 0 || distractors > 4) {
      throw new IllegalArgumentException("distractors must be in [0, 4], got " + distractors);
    }
    if (!(horizon_scale > 0) || horizon_scale > 100) {
      throw new IllegalArgumentException("horizon_scale must be in (0, 100], got " + horizon_scale);
    }
    if (Split.find(split) == null) {
      throw new IllegalArgumentException(
          "split must be one of " + String.join(", ", Split.words()) + ", got '" + split + "'");
    }
  }

  /** The config with every key at its documented default. */
  public static TabletopConfig defaults() {
    return of(Map.of());
  }

  /**
   * The config from a (partial) key map, e.g. {@code of(Map.of("tasks", List.of("push")))}; absent
   * keys take their documented defaults.
   */
  public static TabletopConfig of(Map<String, Object> keys) {
    ConfigBinder binder =
        new ConfigBinder(
            (section, kind) -> {
              throw new UserException("tabletop config has no sections (" + section + ")");
            });
    return binder.bind(TabletopConfig.class, Map.copyOf(keys));
  }

  /** Whether observations are images (rgb) rather than a state vector. */
  public boolean rgb() {
    return obs_mode.equals("rgb");
  }

  /** The configured tasks, resolved, in config order (index = task id in observations). */
  public List<Task> taskList() {
    return tasks.stream().map(Tasks::find).toList();
  }

  /** The episode distribution. */
  public Split splitKind() {
    return Split.find(split);
  }

  /** Blocks per episode: the target and the distractors. */
  public int blocks() {
    return 1 + distractors;
  }

  /** Horizon of a task under {@link #horizon_scale}. */
  public int horizon(Task task) {
    return Math.max(1, (int) Math.ceil(task.horizon() * horizon_scale));
  }
}
