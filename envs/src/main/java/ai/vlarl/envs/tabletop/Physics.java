package ai.vlarl.envs.tabletop;

import static ai.vlarl.envs.tabletop.Geometry.BLOCK_HALF;
import static ai.vlarl.envs.tabletop.Geometry.CONTACT_RADIUS;
import static ai.vlarl.envs.tabletop.Geometry.EE_Z_MIN;
import static ai.vlarl.envs.tabletop.Geometry.GRASP_DZ;
import static ai.vlarl.envs.tabletop.Geometry.GRASP_RADIUS;
import static ai.vlarl.envs.tabletop.Geometry.HALF_TABLE;
import static ai.vlarl.envs.tabletop.Geometry.MAX_STEP;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_HEIGHT;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_RADIUS;
import static ai.vlarl.envs.tabletop.Geometry.Z_MAX;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The kinematic physics of one step, vectorized over all sub-envs with ND4J (every quantity is a
 * {@code [rows, N]} array; block quantities have one row per block).
 *
 * <ol>
 *   <li>The end-effector moves by {@code action[0:3] · MAX_STEP}, clipped to the workspace.
 *   <li>{@code action[3] < 0} closes the gripper, {@code >= 0} opens it. Opening releases the held
 *       block. A closed gripper holding nothing grasps the nearest block whose center is within
 *       {@link Geometry#GRASP_RADIUS} horizontally and {@link Geometry#GRASP_DZ} vertically.
 *   <li>The held block follows the end-effector.
 *   <li>Pushing: a free block is pushed out to {@link Geometry#CONTACT_RADIUS} (horizontally, away
 *       from the fingers) when the end-effector is below the block's top and inside that radius,
 *       unless the fingers straddle the block: they came down from above onto its center (within
 *       the grasp radius), or were already straddling it a step ago.
 *   <li>Blocks at similar heights closer than a block width are pushed apart along the line
 *       joining their centers (one pass over all pairs, computed jointly). Each yields half the
 *       overlap, except that a block driven by the gripper (held, or pushed this step) does not
 *       yield: the other one moves the whole overlap.
 *   <li>Blocks are kept on the table; a free block rests on its support: a plate under its center,
 *       else the table. A held block never sinks below its support.
 * </ol>
 */
final class Physics {
  private static final float EPS = 1e-4f;

  private final World w;
  private final Arena a;
  private final int k;
  private final float[] hostActions;
  private final INDArray act;
  private final INDArray actXyz;
  private final INDArray actGrip;
  private final INDArray eeOld;
  // pair selection matrices [P, K] (P = K(K-1)/2): first block, second block, their difference
  private final INDArray pickFirst;
  private final INDArray pickSecond;
  private final INDArray pairDiff;
  private final INDArray spreadFirst;
  private final INDArray spreadSecond;

  Physics(World w, Arena a) {
    this.w = w;
    this.a = a;
    this.k = w.k;
    hostActions = new float[4 * w.n];
    act = Nd4j.create(DataType.FLOAT, 4, w.n);
    actXyz = act.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all());
    actGrip = World.row(act, 3);
    eeOld = Nd4j.create(DataType.FLOAT, 3, w.n);
    int pairs = k * (k - 1) / 2;
    float[][] first = new float[Math.max(pairs, 1)][k];
    float[][] second = new float[Math.max(pairs, 1)][k];
    int p = 0;
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        first[p][i] = 1;
        second[p][j] = 1;
        p++;
      }
    }
    pickFirst = Nd4j.createFromArray(first).castTo(DataType.FLOAT);
    pickSecond = Nd4j.createFromArray(second).castTo(DataType.FLOAT);
    pairDiff = pickSecond.sub(pickFirst);
    spreadFirst = pickFirst.transpose().dup('c');
    spreadSecond = pickSecond.transpose().dup('c');
  }

  void close() {
    Nd.close(act, eeOld, pickFirst, pickSecond, pairDiff, spreadFirst, spreadSecond);
  }

  /**
   * Advances every sub-env by one step.
   *
   * @param actions row-major {@code [N, 4]} actions in [-1, 1]
   */
  void step(float[] actions) {
    int n = w.n;
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < 4; d++) {
        hostActions[d * n + i] = actions[i * 4 + d];
      }
    }
    World.write(hostActions, act);
    moveEndEffector();
    INDArray ex = a.spread(World.row(w.ee, 0), k);
    INDArray ey = a.spread(World.row(w.ee, 1), k);
    INDArray ez = a.spread(World.row(w.ee, 2), k);
    INDArray dx = a.sub(w.bx, ex);
    INDArray dy = a.sub(w.by, ey);
    INDArray dz = a.sub(w.bz, ez);
    INDArray dh = a.hypot(dx, dy);
    actuateGripper(dh, dz);
    // the held block follows the end-effector
    w.bx.subi(a.mul(w.held, dx));
    w.by.subi(a.mul(w.held, dy));
    w.bz.subi(a.mul(w.held, dz));
    INDArray pushed = push(dx, dy, dz, dh);
    if (k > 1) {
      separateBlocks(a.add(w.held, pushed));
    }
    a.clampInPlace(w.bx, -HALF_TABLE + BLOCK_HALF, HALF_TABLE - BLOCK_HALF);
    a.clampInPlace(w.by, -HALF_TABLE + BLOCK_HALF, HALF_TABLE - BLOCK_HALF);
    settle();
  }

  private void moveEndEffector() {
    eeOld.assign(w.ee);
    w.ee.addi(a.mul(actXyz, MAX_STEP));
    a.clampInPlace(w.ee.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()), -HALF_TABLE, HALF_TABLE);
    a.clampInPlace(World.row(w.ee, 2), EE_Z_MIN, Z_MAX);
  }

  /** Opens/closes the gripper, releases and grasps; distances are to the moved end-effector. */
  private void actuateGripper(INDArray dh, INDArray dz) {
    w.closed.assign(a.lt(actGrip, 0));
    w.held.muli(a.spread(w.closed, k)); // opening releases
    INDArray canGrasp = a.mul(w.closed, a.rsub(1, a.sumRows(w.held)));
    INDArray candidate = a.mul(a.lt(dh, GRASP_RADIUS), a.lt(a.abs(dz), GRASP_DZ));
    candidate.muli(a.spread(canGrasp, k));
    INDArray score = a.add(dh, a.mul(a.rsub(1, candidate), 10));
    INDArray nearest = a.rsub(1, a.positive(a.sub(score, a.spread(a.minRows(score), k))));
    w.held.addi(a.mul(nearest, candidate));
  }

  /** Pushes free blocks out of the fingers; returns the mask of pushed blocks. */
  private INDArray push(INDArray dx, INDArray dy, INDArray dz, INDArray dh) {
    INDArray free = a.rsub(1, w.held);
    INDArray low = a.positive(a.add(dz, BLOCK_HALF)); // ee below the block's top
    INDArray ox = a.spread(World.row(eeOld, 0), k);
    INDArray oy = a.spread(World.row(eeOld, 1), k);
    INDArray oz = a.spread(World.row(eeOld, 2), k);
    INDArray wasLow = a.positive(a.add(a.sub(w.bz, oz), BLOCK_HALF));
    INDArray dxp = a.sub(w.bx, ox);
    INDArray dyp = a.sub(w.by, oy);
    INDArray wasInside = a.lt(a.add(a.mul(dxp, dxp), a.mul(dyp, dyp)), GRASP_RADIUS * GRASP_RADIUS);
    INDArray inside = a.lt(dh, GRASP_RADIUS);
    // straddling: already inside while low a step ago, or (coming from above) inside now
    INDArray straddle = a.add(inside, a.mul(wasLow, a.sub(wasInside, inside)));
    INDArray pushed = a.mul(a.mul(low, free), a.mul(a.rsub(1, straddle), a.lt(dh, CONTACT_RADIUS)));
    INDArray factor = a.mul(pushed, a.add(a.rdiv(CONTACT_RADIUS, a.max(dh, EPS)), -1));
    w.bx.addi(a.mul(dx, factor));
    w.by.addi(a.mul(dy, factor));
    return pushed;
  }

  /** Parts overlapping blocks; a driven block (held or pushed by the fingers) does not yield. */
  private void separateBlocks(INDArray driven) {
    INDArray ddx = a.add(a.mmul(pairDiff, w.bx), 1e-6); // bias: coincident centers part along x
    INDArray ddy = a.mmul(pairDiff, w.by);
    INDArray ddz = a.mmul(pairDiff, w.bz);
    INDArray d = a.hypot(ddx, ddy);
    INDArray overlap =
        a.mul(a.max(a.rsub(2 * BLOCK_HALF, d), 0), a.lt(a.abs(ddz), 2 * BLOCK_HALF));
    INDArray drivenFirst = a.mmul(pickFirst, driven);
    INDArray drivenSecond = a.mmul(pickSecond, driven);
    INDArray shareFirst = a.mul(a.add(a.rsub(1, drivenFirst), drivenSecond), 0.5);
    INDArray shareSecond = a.rsub(1, shareFirst);
    INDArray s = a.div(overlap, a.max(d, EPS));
    INDArray sx = a.mul(ddx, s);
    INDArray sy = a.mul(ddy, s);
    w.bx.addi(a.mmul(spreadSecond, a.mul(shareSecond, sx)));
    w.bx.subi(a.mmul(spreadFirst, a.mul(shareFirst, sx)));
    w.by.addi(a.mmul(spreadSecond, a.mul(shareSecond, sy)));
    w.by.subi(a.mmul(spreadFirst, a.mul(shareFirst, sy)));
  }

  /** Free blocks rest on their support; a held block stays above it. */
  private void settle() {
    INDArray onPlate = a.take(k).assign(0);
    for (int f = 0; f < World.FIXTURES; f++) {
      INDArray px = a.sub(w.bx, a.spread(World.row(w.fx, f), k));
      INDArray py = a.sub(w.by, a.spread(World.row(w.fy, f), k));
      INDArray within = a.lt(a.add(a.mul(px, px), a.mul(py, py)), PLATE_RADIUS * PLATE_RADIUS);
      onPlate.addi(a.mul(within, a.spread(World.row(w.plate, f), k)));
    }
    INDArray support = a.add(a.mul(onPlate, PLATE_HEIGHT), BLOCK_HALF);
    INDArray heldZ = a.add(w.bz, a.max(a.sub(support, w.bz), 0));
    w.bz.assign(a.add(a.mul(a.rsub(1, w.held), support), a.mul(w.held, heldZ)));
  }
}
