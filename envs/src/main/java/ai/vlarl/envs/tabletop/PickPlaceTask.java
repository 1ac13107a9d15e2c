package ai.vlarl.envs.tabletop;

import static ai.vlarl.envs.tabletop.Geometry.BLOCK_HALF;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_HEIGHT;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_RADIUS;

import ai.vlarl.framework.core.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code pick-place}: put the target block on the goal plate. Success: the block rests on the plate
 * (center within the plate's radius, at plate height) and is released. Potential: 0.2 × closeness
 * of the end-effector to the block + 0.3 × grasped + 0.5 × grasped × closeness of the block to the
 * plate's center (horizontal). The block starts at least 12 cm from the plate.
 */
public final class PickPlaceTask implements Task {
  @Override
  public String name() {
    return "pick-place";
  }

  @Override
  public int slot() {
    return 2;
  }

  @Override
  public int horizon() {
    return 100;
  }

  @Override
  public void place(Rng rng, Placement p) {
    float[] g = p.find(p.fixtureLimit(), Placement.PLATE_R, false);
    p.goal(true, g[0], g[1]);
    float[] t =
        p.find(
            p.blockLimit(),
            Placement.BLOCK_R,
            true,
            q -> Math.hypot(q[0] - g[0], q[1] - g[1]) >= 0.12 && p.targetAllowed(q[0], q[1]));
    p.target(t[0], t[1]);
  }

  @Override
  public String instruction(Rng rng, Palette target, Palette goal) {
    return Instructions.fill(rng, Instructions.PICK_PLACE, target, goal);
  }

  @Override
  public Scoring.Score evaluate(Scoring.Derived d, Arena a) {
    INDArray onPlate = a.mul(a.lt(d.toGoal, PLATE_RADIUS), a.gt(d.tz, BLOCK_HALF + PLATE_HEIGHT / 2));
    INDArray success = a.mul(onPlate, a.rsub(1, d.heldTarget));
    INDArray carry = a.mul(d.heldTarget, a.closeness(d.toGoal, 0.03));
    INDArray potential =
        a.add(
            a.add(a.mul(a.closeness(d.eeToTarget, 0.05), 0.2), a.mul(d.heldTarget, 0.3)),
            a.mul(carry, 0.5));
    return new Scoring.Score(success, potential);
  }
}
