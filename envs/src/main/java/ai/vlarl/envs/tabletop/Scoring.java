package ai.vlarl.envs.tabletop;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Success predicates, progress potentials and rewards of all sub-envs, vectorized with ND4J: every
 * configured task is evaluated for every sub-env, then each sub-env keeps its own task's values
 * (through the task one-hot).
 *
 * <p>Rewards (per step, written for the step just taken):
 *
 * <ul>
 *   <li>{@code dense}: {@code Φ(s') − Φ(s) + 1[success]}, where the potential Φ is 0.9 × the
 *       task's staged progress in [0, 1] (approach, grasp, carry, ...) and 1 on success. Shaping by
 *       a potential difference adds nothing over a whole episode but the progress made, so it can
 *       neither be farmed (hovering near the goal earns nothing) nor compete with the success
 *       bonus under {@code terminate_on_success}; it still rewards every step of approach at once
 *       and penalizes undoing progress (e.g. dropping the block). Per step it lies in about
 *       [-1, 2]; an episode that ends in success returns {@code 2 − Φ(s0)}.
 *   <li>{@code staged}: {@code Φ(s')} itself, below 0.9 until success and 1 on success
 *       (ManiSkill-style normalized dense reward). With termination on success and a discount
 *       near 1 this favors lingering just short of success.
 *   <li>{@code sparse}: {@code 1[success]}.
 * </ul>
 */
final class Scoring {
  /** Success in {0, 1} and potential in [0, 1], each {@code [1, N]} (pooled, valid until reset). */
  record Score(INDArray success, INDArray potential) {}

  /** Quantities shared by the tasks, each {@code [1, N]}. */
  static final class Derived {
    INDArray ex;
    INDArray ey;
    INDArray ez;
    /** Target block center. */
    INDArray tx;
    INDArray ty;
    INDArray tz;
    /** 1 where the target block is held. */
    INDArray heldTarget;
    /** Goal minus target, horizontal, and its length. */
    INDArray toGoalX;
    INDArray toGoalY;
    INDArray toGoal;
    /** 3-D distance from the end-effector to the target's center. */
    INDArray eeToTarget;
  }

  /** Weight of a task's staged progress in the potential; success alone reaches 1. */
  static final double PROGRESS_WEIGHT = 0.9;

  private final World w;
  private final Arena a;
  private final List<Task> tasks;
  private final String reward;

  /**
   * @param tasks the configured tasks (others are not evaluated: their sub-env count is 0)
   * @param reward dense, staged or sparse
   */
  Scoring(World w, Arena a, List<Task> tasks, String reward) {
    this.w = w;
    this.a = a;
    this.tasks = List.copyOf(tasks);
    this.reward = reward;
  }

  /** Success and potential of the current state. */
  Score evaluate() {
    Derived d = new Derived();
    d.ex = World.row(w.ee, 0);
    d.ey = World.row(w.ee, 1);
    d.ez = World.row(w.ee, 2);
    d.tx = World.row(w.bx, 0);
    d.ty = World.row(w.by, 0);
    d.tz = World.row(w.bz, 0);
    d.heldTarget = World.row(w.held, 0);
    d.toGoalX = a.sub(World.row(w.goal, 0), d.tx);
    d.toGoalY = a.sub(World.row(w.goal, 1), d.ty);
    d.toGoal = a.hypot(d.toGoalX, d.toGoalY);
    d.eeToTarget = a.norm(a.sub(d.ex, d.tx), a.sub(d.ey, d.ty), a.sub(d.ez, d.tz));
    INDArray success = a.take(1).assign(0);
    INDArray potential = a.take(1).assign(0);
    for (Task t : tasks) {
      Score s = t.evaluate(d, a);
      INDArray mask = World.row(w.taskMask, t.slot());
      // 0.9 × the task's progress, 1 on success: success stands above any progress
      INDArray progress = a.mul(s.potential(), PROGRESS_WEIGHT);
      INDArray phi = a.add(progress, a.mul(s.success(), a.rsub(1, progress)));
      success.addi(a.mul(mask, s.success()));
      potential.addi(a.mul(mask, phi));
    }
    return new Score(success, potential);
  }

  /** The reward of a step that led to {@code s}, from the potential before it ({@code w.phi}). */
  INDArray reward(Score s) {
    return switch (reward) {
      case "dense" -> a.add(a.sub(s.potential(), w.phi), s.success());
      case "staged" -> s.potential();
      case "sparse" -> s.success();
      default -> throw new IllegalStateException("reward " + reward);
    };
  }
}
