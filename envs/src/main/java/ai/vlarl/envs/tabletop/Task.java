package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.Rng;

/**
 * One tabletop task: where its objects start, what it says, when it succeeds and how its progress
 * is shaped. Block 0 of every episode is the task's target block, fixture 0 its goal fixture.
 *
 * <p>Layout sampling and instructions are plain Java (per episode, from the episode's {@link Rng});
 * {@link #evaluate} is vectorized over all N sub-envs with ND4J.
 */
public interface Task {
  /** The name used in configs and {@link ai.vlarl.framework.env.EnvSpec#tasks()}. */
  String name();

  /** Canonical index: the task's slot in the state vector's task one-hot ({@link Tasks#ALL}). */
  int slot();

  /** Max episode steps before truncation (before {@code horizon_scale}). */
  int horizon();

  /** Places the target block and the goal fixture; other objects are placed afterwards. */
  void place(Rng rng, Placement p);

  /** The instruction of an episode, e.g. "put the yellow block on the red plate". */
  String instruction(Rng rng, Palette target, Palette goal);

  /**
   * Success predicate and progress potential of every sub-env, as if all ran this task.
   *
   * @return success in {0, 1} and potential in [0, 1], each [1, N]
   */
  Scoring.Score evaluate(Scoring.Derived d, Arena a);
}
