package ai.vlarl.envs.tabletop;

import static ai.vlarl.envs.tabletop.Geometry.BLOCK_HALF;
import static ai.vlarl.envs.tabletop.Geometry.CONTACT_RADIUS;
import static ai.vlarl.envs.tabletop.Geometry.HALF_TABLE;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_HEIGHT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhysicsTest {
  private static final float TOL = 1e-5f;

  private static TabletopSimulator single(String task, int distractors) {
    return new TabletopSimulator(
        Fixtures.config("tasks", List.of(task), "distractors", distractors), 1);
  }

  /** Drives sub-env 0 to (x, y, z) in straight steps; returns the success flag of the last step. */
  private static boolean moveTo(TabletopSimulator sim, float x, float y, float z, float grip) {
    World w = sim.world();
    boolean[] success = new boolean[1];
    for (int t = 0; t < 60; t++) {
      float[] a = {
        clip((x - w.ee(0, 0)) / Geometry.MAX_STEP),
        clip((y - w.ee(0, 1)) / Geometry.MAX_STEP),
        clip((z - w.ee(0, 2)) / Geometry.MAX_STEP),
        grip
      };
      Fixtures.simStep(sim, a, success);
      if (Math.abs(a[0]) + Math.abs(a[1]) + Math.abs(a[2]) < 1e-4) {
        break;
      }
    }
    return success[0];
  }

  private static float clip(float v) {
    return Math.max(-1, Math.min(1, v));
  }

  private static float[] block(World w, int j) {
    return new float[] {w.block(0, j, 0), w.block(0, j, 1), w.block(0, j, 2)};
  }

  @Test
  void graspCarryAndReleaseOntoThePlate() {
    TabletopSimulator sim = single("pick-place", 2);
    World w = sim.world();
    float[] start = block(w, 0);
    moveTo(sim, start[0], start[1], 0.07f, 1);
    moveTo(sim, start[0], start[1], BLOCK_HALF, 1);
    assertArrayEquals(start, block(w, 0), "descending open onto a block straddles it, no push");
    assertFalse(w.held(0, 0));
    moveTo(sim, start[0], start[1], BLOCK_HALF, -1); // close in place
    assertTrue(w.held(0, 0), "closing around the block grasps it");
    assertTrue(w.closed(0));
    moveTo(sim, start[0], start[1], 0.12f, -1);
    assertEquals(0.12f, w.block(0, 0, 2), TOL, "the held block follows the end-effector up");
    float px = w.goal(0, 0);
    float py = w.goal(0, 1);
    assertFalse(moveTo(sim, px, py, 0.12f, -1), "held above the plate is not a success");
    assertEquals(px, w.block(0, 0, 0), TOL);
    assertTrue(moveTo(sim, px, py, 0.12f, 1), "released over the plate: success");
    assertFalse(w.held(0, 0));
    assertEquals(BLOCK_HALF + PLATE_HEIGHT, w.block(0, 0, 2), TOL, "dropped onto the plate");
  }

  @Test
  void openingInTheAirDropsTheBlockToTheTable() {
    TabletopSimulator sim = single("reach", 0);
    World w = sim.world();
    float[] start = block(w, 0);
    moveTo(sim, start[0], start[1], BLOCK_HALF, 1);
    moveTo(sim, start[0], start[1], BLOCK_HALF, -1);
    moveTo(sim, start[0], start[1], 0.15f, -1);
    assertTrue(w.held(0, 0));
    moveTo(sim, start[0], start[1], 0.15f, 1);
    assertFalse(w.held(0, 0));
    float[] fixtures = w.episodes[0].fixtures();
    boolean onPlate = false;
    for (int f = 0; f < Episode.FIXTURES; f++) {
      onPlate |= w.episodes[0].plates()[f]
          && Math.hypot(start[0] - fixtures[2 * f], start[1] - fixtures[2 * f + 1]) < Geometry.PLATE_RADIUS;
    }
    assertFalse(onPlate, "layouts start blocks off the fixtures");
    assertEquals(BLOCK_HALF, w.block(0, 0, 2), TOL);
  }

  @Test
  void aClosedGripperFarFromBlocksGraspsNothing() {
    TabletopSimulator sim = single("reach", 2);
    World w = sim.world();
    moveTo(sim, w.ee(0, 0), w.ee(0, 1), w.ee(0, 2), -1);
    assertTrue(w.closed(0));
    assertFalse(w.holding(0));
  }

  @Test
  void aLowEndEffectorPushesABlockAndAHighOnePassesOver() {
    TabletopSimulator sim = single("push", 0);
    World w = sim.world();
    float[] start = block(w, 0);
    moveTo(sim, start[0] - 0.07f, start[1], 0.07f, 1);
    moveTo(sim, start[0] + 0.07f, start[1], 0.07f, 1);
    assertArrayEquals(start, block(w, 0), "above the block's top nothing is touched");
    moveTo(sim, start[0] - 0.07f, start[1], 0.07f, 1);
    moveTo(sim, start[0] - 0.07f, start[1], BLOCK_HALF, 1);
    assertArrayEquals(start, block(w, 0), "no contact yet");
    moveTo(sim, start[0] - 0.02f, start[1], BLOCK_HALF, 1);
    float[] pushed = block(w, 0);
    assertEquals(start[0] - 0.02f + CONTACT_RADIUS, pushed[0], 1e-5, "pushed ahead of the fingers");
    assertEquals(start[1], pushed[1], 1e-6, "pushed straight along the motion");
    assertEquals(w.ee(0, 0) + CONTACT_RADIUS, pushed[0], 1e-5, "resting against the fingers");
  }

  @Test
  void theEndEffectorStaysInTheWorkspace() {
    TabletopSimulator sim = single("reach", 2);
    World w = sim.world();
    moveTo(sim, 1, 1, 1, 1);
    assertEquals(HALF_TABLE, w.ee(0, 0), TOL);
    assertEquals(HALF_TABLE, w.ee(0, 1), TOL);
    assertEquals(Geometry.Z_MAX, w.ee(0, 2), TOL);
    moveTo(sim, -1, -1, -1, 1);
    assertEquals(-HALF_TABLE, w.ee(0, 0), TOL);
    assertEquals(-HALF_TABLE, w.ee(0, 1), TOL);
    assertEquals(Geometry.EE_Z_MIN, w.ee(0, 2), TOL);
  }

  @Test
  void aBlockPushedIntoAnotherShovesItAlong() {
    TabletopSimulator sim = single("push", 1);
    World w = sim.world();
    int n = 1;
    // place the target at (0, 0), the distractor at (0.06, 0), the gripper low at (-0.05, 0)
    w.hBx[0] = 0;
    w.hBy[0] = 0;
    w.hBx[n] = 0.06f;
    w.hBy[n] = 0;
    w.hEe[0] = -0.05f;
    w.hEe[n] = 0;
    w.hEe[2 * n] = 0.1f;
    w.hFx[0] = w.hFx[1] = -0.2f; // fixtures out of the way
    w.hFy[0] = -0.2f;
    w.hFy[1] = 0.2f;
    w.push();
    moveTo(sim, -0.05f, 0, BLOCK_HALF, 1);
    float minGap = Float.MAX_VALUE;
    for (int t = 0; t < 6; t++) {
      Fixtures.simStep(sim, new float[] {1, 0, 0, 1}, new boolean[1]);
      minGap = Math.min(minGap, w.block(0, 1, 0) - w.block(0, 0, 0));
    }
    assertEquals(0.07f + CONTACT_RADIUS, w.block(0, 0, 0), 1e-5, "target ahead of the fingers");
    assertEquals(w.block(0, 0, 0) + 2 * BLOCK_HALF, w.block(0, 1, 0), 1e-3, "distractor shoved ahead");
    assertEquals(0, w.block(0, 1, 1), 1e-5, "straight along the push");
    assertTrue(minGap > 2 * BLOCK_HALF - 1e-4f, "blocks overlapped: " + minGap);
  }

  @Test
  void blocksStayOnTheTableRestOnSupportsAndDoNotInterpenetrate() {
    int n = 32;
    TabletopSimulator sim = new TabletopSimulator(Fixtures.config("distractors", 4), n);
    World w = sim.world();
    float worst = Float.MAX_VALUE;
    int contacts = 0;
    for (int t = 0; t < 150; t++) {
      float[] a = new float[4 * n];
      for (int i = 0; i < n; i++) { // sweep low through the blocks, one after another
        int j = (t / 15 + i) % w.k;
        a[4 * i] = clip((w.block(i, j, 0) - w.ee(i, 0)) / Geometry.MAX_STEP);
        a[4 * i + 1] = clip((w.block(i, j, 1) - w.ee(i, 1)) / Geometry.MAX_STEP);
        a[4 * i + 2] = -1;
        a[4 * i + 3] = 1;
      }
      Fixtures.simStep(sim, a, new boolean[n]);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < w.k; j++) {
          float x = w.block(i, j, 0);
          float y = w.block(i, j, 1);
          float z = w.block(i, j, 2);
          assertTrue(Math.abs(x) <= HALF_TABLE - BLOCK_HALF + TOL && Math.abs(y) <= HALF_TABLE - BLOCK_HALF + TOL);
          assertTrue(Math.abs(z - BLOCK_HALF) < TOL || Math.abs(z - BLOCK_HALF - PLATE_HEIGHT) < TOL,
              "a free block rests on the table or a plate, z = " + z);
          for (int m = j + 1; m < w.k; m++) {
            if (Math.abs(z - w.block(i, m, 2)) < 2 * BLOCK_HALF) {
              float d = (float) Math.hypot(x - w.block(i, m, 0), y - w.block(i, m, 1));
              worst = Math.min(worst, d);
              contacts += d < 2 * BLOCK_HALF + 0.002f ? 1 : 0;
            }
          }
        }
      }
    }
    assertTrue(contacts > 20, "blocks were shoved into each other: " + contacts + " contacts");
    assertTrue(worst > 2 * BLOCK_HALF - 0.005f, "blocks overlapped: centers " + worst + " apart");
  }

  @Test
  void inactiveSubEnvsStayFrozen() {
    int n = 3;
    TabletopSimulator sim = new TabletopSimulator(Fixtures.config(), n);
    float[][] before = sim.world().saveDynamic();
    var obsBefore = sim.observe(new int[] {1});
    float[] a = new float[4 * n];
    java.util.Arrays.fill(a, -1);
    boolean[] active = {true, false, true};
    sim.step(Fixtures.simActions(a, n), active, new float[n], new boolean[n], new boolean[n]);
    float[][] after = sim.world().saveDynamic();
    for (int arr = 0; arr < before.length; arr++) {
      for (int r = 0; r < before[arr].length / n; r++) {
        assertEquals(Float.floatToRawIntBits(before[arr][r * n + 1]),
            Float.floatToRawIntBits(after[arr][r * n + 1]));
      }
    }
    assertEquals(obsBefore, sim.observe(new int[] {1}));
    assertTrue(after[0][0] != before[0][0] || after[0][2 * n] != before[0][2 * n], "env 0 moved");
  }
}
