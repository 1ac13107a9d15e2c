package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.DType;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;
import org.junit.jupiter.api.Test;

class RenderTest {
  private static TabletopSimulator rgb(int n, int size) {
    TabletopSimulator sim =
        new TabletopSimulator(Fixtures.config("obs_mode", "rgb", "image_size", size, "wrist_camera", true), n);
    sim.reset(Fixtures.range(n), Fixtures.seeds(n, 20));
    return sim;
  }

  /** Pixels of row {@code i} exactly equal to {@code rgb}. */
  private static int count(HostArray images, int i, int[] rgb) {
    int per = images.rowSize();
    int hits = 0;
    for (int p = i * per; p < (i + 1) * per; p += 3) {
      if (images.getUnsignedByte(p) == rgb[0] && images.getUnsignedByte(p + 1) == rgb[1]
          && images.getUnsignedByte(p + 2) == rgb[2]) {
        hits++;
      }
    }
    return hits;
  }

  @Test
  void rgbObservationsHaveTheDeclaredShapes() {
    TabletopSimulator sim = rgb(3, 64);
    Observations o = sim.observe();
    assertArrayEquals(new int[] {3, 64, 64, 3}, o.image().shape());
    assertEquals(DType.UINT8, o.image().dtype());
    assertArrayEquals(new int[] {3, 64, 64, 3}, o.wristImage().shape());
    assertArrayEquals(new int[] {3, StateEncoder.PROPRIO_DIM}, o.proprio().shape());
    assertNull(o.state());
    assertEquals(3, o.instructions().length);
    assertNotNull(o.taskIds());
    var spec = sim.spec().observation();
    assertTrue(spec.hasImage() && spec.wristImage() && !spec.hasState());
    assertEquals(StateEncoder.PROPRIO_DIM, spec.proprioDim());
    assertArrayEquals(new int[] {2, 96, 96, 3}, rgb(2, 96).observe().image().shape());
  }

  @Test
  void renderingIsDeterministic() {
    assertEquals(rgb(3, 64).observe(), rgb(3, 64).observe());
  }

  @Test
  void theTargetBlocksColorIsInTheImage() {
    int n = 6;
    TabletopSimulator sim = rgb(n, 64);
    Observations o = sim.observe();
    for (int i = 0; i < n; i++) {
      Episode e = sim.episode(i);
      int target = count(o.image(), i, e.targetColor().rgb());
      assertTrue(target >= 6, "target " + e.targetColor() + " covers " + target + " pixels");
      assertTrue(e.instruction().contains(e.targetColor().word()), e.instruction());
      for (Palette absent : Palette.values()) {
        boolean used = false;
        for (Palette c : e.blockColors()) {
          used |= c == absent;
        }
        if (!used) {
          assertEquals(0, count(o.image(), i, absent.rgb()), "no block is " + absent);
        }
      }
    }
  }

  @Test
  void anOpenAndAClosedGripperLookDifferent() {
    TabletopSimulator sim = rgb(1, 64);
    Observations open = sim.observe();
    Fixtures.simStep(sim, new float[] {0, 0, 0, -1}, new boolean[1]); // close, do not move
    Observations closed = sim.observe();
    assertFalse(open.image().equals(closed.image()), "third-person view shows the fingers");
    assertFalse(open.wristImage().equals(closed.wristImage()), "wrist view shows the fingers");
    assertEquals(1f, open.proprio().getFloat(3));
    assertEquals(0f, closed.proprio().getFloat(3));
  }

  @Test
  void aLiftedBlockIsDrawnHigherUpTheImage() {
    TabletopSimulator sim =
        new TabletopSimulator(
            Fixtures.config("obs_mode", "rgb", "tasks", java.util.List.of("reach"), "distractors", 0), 1);
    World w = sim.world();
    int c = Canvas.shade(Canvas.rgb(sim.episode(0).targetColor().rgb()), 0.62); // front face
    int[] front = {(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff};
    float before = meanRow(sim.observe().image(), front);
    float x = w.block(0, 0, 0);
    float y = w.block(0, 0, 1);
    for (float[] target : new float[][] {{x, y, 0.02f, 1}, {x, y, 0.02f, -1}, {x, y, 0.12f, -1}}) {
      for (int t = 0; t < 12; t++) {
        float[] a = {
          (target[0] - w.ee(0, 0)) / Geometry.MAX_STEP,
          (target[1] - w.ee(0, 1)) / Geometry.MAX_STEP,
          (target[2] - w.ee(0, 2)) / Geometry.MAX_STEP,
          target[3]
        };
        for (int d = 0; d < 3; d++) {
          a[d] = Math.max(-1, Math.min(1, a[d]));
        }
        Fixtures.simStep(sim, a, new boolean[1]);
      }
    }
    assertTrue(w.held(0, 0));
    float after = meanRow(sim.observe().image(), front);
    // 10 cm up at 60° elevation: 0.1 · cos 60° · 64 / 0.56 ≈ 5.7 pixels
    assertEquals(-5.7, after - before, 1.0, "block moved from row " + before + " to " + after);
  }

  private static float meanRow(HostArray image, int[] rgb) {
    int size = image.dim(1);
    float sum = 0;
    int hits = 0;
    for (int p = 0; p < image.size(); p += 3) {
      if (image.getUnsignedByte(p) == rgb[0] && image.getUnsignedByte(p + 1) == rgb[1]
          && image.getUnsignedByte(p + 2) == rgb[2]) {
        sum += (p / 3) / size;
        hits++;
      }
    }
    assertTrue(hits > 0, "color not found");
    return sum / hits;
  }
}
