package ai.vlarl.envs.tabletop;

import static ai.vlarl.envs.tabletop.Geometry.BLOCK_HALF;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_HEIGHT;
import static ai.vlarl.envs.tabletop.Geometry.ZONE_HALF;

import ai.vlarl.framework.core.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code push}: push the target block into the goal zone. Success: the block's center is inside
 * the zone, the block rests on the table (not held, not on a plate). Potential: 0.3 × closeness of
 * the end-effector to the pushing spot (behind the block, on the far side from the zone, at table
 * height) + 0.7 × closeness of the block to the zone's center. The layout keeps the block 10–18 cm
 * from the zone and the path between them (and the spot behind the block) free of distractors.
 */
public final class PushTask implements Task {
  @Override
  public String name() {
    return "push";
  }

  @Override
  public int slot() {
    return 1;
  }

  @Override
  public int horizon() {
    return 80;
  }

  @Override
  public void place(Rng rng, Placement p) {
    float gx = 0;
    float gy = 0;
    float tx = 0;
    float ty = 0;
    float ux = 1;
    float uy = 0;
    for (int t = 0; t < Placement.TRIES; t++) {
      float[] g = p.uniform(p.fixtureLimit() - 0.02f);
      double angle = rng.uniform(0, 2 * Math.PI);
      double dist = rng.uniform(0.10, 0.18);
      gx = g[0];
      gy = g[1];
      ux = (float) Math.cos(angle);
      uy = (float) Math.sin(angle);
      tx = (float) (gx - ux * dist);
      ty = (float) (gy - uy * dist);
      if (p.targetAllowed(tx, ty)) {
        break;
      }
    }
    p.goal(false, gx, gy);
    p.target(tx, ty);
    p.keepClear(tx - 0.07f * ux, ty - 0.07f * uy, gx, gy, 0.05f);
  }

  @Override
  public String instruction(Rng rng, Palette target, Palette goal) {
    return Instructions.fill(rng, Instructions.PUSH, target, goal);
  }

  @Override
  public Scoring.Score evaluate(Scoring.Derived d, Arena a) {
    INDArray inZone = a.mul(a.lt(a.abs(d.toGoalX), ZONE_HALF), a.lt(a.abs(d.toGoalY), ZONE_HALF));
    INDArray onTable = a.lt(d.tz, BLOCK_HALF + PLATE_HEIGHT / 2);
    INDArray success = a.mul(a.mul(inZone, onTable), a.rsub(1, d.heldTarget));
    // pushing spot: behind the block on the line from the zone through the block
    INDArray inv = a.rdiv(Geometry.CONTACT_RADIUS, a.max(d.toGoal, 1e-4));
    INDArray spotX = a.sub(d.tx, a.mul(d.toGoalX, inv));
    INDArray spotY = a.sub(d.ty, a.mul(d.toGoalY, inv));
    INDArray toSpot = a.norm(a.sub(d.ex, spotX), a.sub(d.ey, spotY), a.add(d.ez, -BLOCK_HALF));
    INDArray potential =
        a.add(a.mul(a.closeness(toSpot, 0.05), 0.3), a.mul(a.closeness(d.toGoal, 0.05), 0.7));
    return new Scoring.Score(success, potential);
  }
}
