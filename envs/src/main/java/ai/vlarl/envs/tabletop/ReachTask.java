package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.Rng;

/**
 * {@code reach}: move the end-effector to the target block. Success: the end-effector is within
 * {@link Geometry#REACH_TOLERANCE} of the block's center. Potential: closeness of the end-effector
 * to the block. The goal fixture is a decoration of random kind.
 */
public final class ReachTask implements Task {
  @Override
  public String name() {
    return "reach";
  }

  @Override
  public int slot() {
    return 0;
  }

  @Override
  public int horizon() {
    return 50;
  }

  @Override
  public void place(Rng rng, Placement p) {
    float[] t = p.find(p.blockLimit(), Placement.BLOCK_R, true, q -> p.targetAllowed(q[0], q[1]));
    p.target(t[0], t[1]);
    boolean plate = rng.nextDouble() < 0.5;
    float[] g = p.find(p.fixtureLimit(), plate ? Placement.PLATE_R : Placement.ZONE_R, false);
    p.goal(plate, g[0], g[1]);
  }

  @Override
  public String instruction(Rng rng, Palette target, Palette goal) {
    return Instructions.fill(rng, Instructions.REACH, target, goal);
  }

  @Override
  public Scoring.Score evaluate(Scoring.Derived d, Arena a) {
    return new Scoring.Score(
        a.lt(d.eeToTarget, Geometry.REACH_TOLERANCE), a.closeness(d.eeToTarget, 0.05));
  }
}
