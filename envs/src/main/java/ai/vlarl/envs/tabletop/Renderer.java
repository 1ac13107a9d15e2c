package ai.vlarl.envs.tabletop;

import static ai.vlarl.envs.tabletop.Geometry.BLOCK_HALF;
import static ai.vlarl.envs.tabletop.Geometry.HALF_TABLE;
import static ai.vlarl.envs.tabletop.Geometry.OPEN_SPREAD;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_HEIGHT;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_RADIUS;
import static ai.vlarl.envs.tabletop.Geometry.ZONE_HALF;

/**
 * The third-person camera (plain Java, direct byte writes): a fixed orthographic camera in front
 * of the table (on the −y side), looking down at {@link #ELEVATION_DEG}°. Screen x is world x;
 * screen up is {@code y·sin(e) + z·cos(e)}, so height lifts objects up the image. Drawn back to
 * front: table, zones (light squares), plates (rimmed ellipses), shadows straight below lifted
 * blocks and the gripper (the height cue), then blocks (a top face that brightens with height over
 * a darker front face) and the gripper (two fingers, wide apart when open, together when closed,
 * under a palm and a wrist column), depth-sorted. Background, table and light follow the episode's
 * {@link Appearance} (always the training look outside the {@code ood-vision} split).
 */
final class Renderer {
  static final double ELEVATION_DEG = 60;
  static final int FINGER = Canvas.rgb(45, 45, 50);
  static final int PALM = Canvas.rgb(95, 95, 102);
  static final int WRIST = Canvas.rgb(140, 140, 148);

  private final int size;
  private final Split split;
  private final float sin;
  private final float cos;
  private final float scale;
  private final float vTop;
  private final Canvas canvas;
  private final float[] keys;
  private final int[] order;

  Renderer(int size, int blocks) {
    this(size, blocks, Split.TRAIN);
  }

  /** A camera rendering {@code size}² images of scenes with the looks of {@code split}. */
  Renderer(int size, int blocks, Split split) {
    this.size = size;
    this.split = split;
    double e = Math.toRadians(ELEVATION_DEG);
    sin = (float) Math.sin(e);
    cos = (float) Math.cos(e);
    float span = 0.56f; // meters of screen-up shown
    scale = size / span;
    float vBottom = -HALF_TABLE * sin - 0.02f;
    vTop = vBottom + span;
    canvas = new Canvas(size, size);
    keys = new float[blocks + 1];
    order = new int[blocks + 1];
  }

  float u(float x) {
    return size / 2f + x * scale;
  }

  float v(float y, float z) {
    return (vTop - (y * sin + z * cos)) * scale;
  }

  /** Renders sub-env {@code i} and returns the canvas's pixels (reused by the next call). */
  byte[] render(World w, int i) {
    Episode e = w.episodes[i];
    Appearance look = Appearance.of(split, e.seed());
    canvas.fill(look.background());
    canvas.rect(u(-HALF_TABLE), v(-HALF_TABLE, 0), u(HALF_TABLE), v(-HALF_TABLE, -0.03f), look.tableEdge());
    canvas.rect(u(-HALF_TABLE), v(HALF_TABLE, 0), u(HALF_TABLE), v(-HALF_TABLE, 0), look.table());
    look.texture(canvas, (col, row, xy) -> {
      xy[0] = (col - size / 2f) / scale;
      xy[1] = (vTop - row / scale) / sin;
    });
    for (int f = 0; f < Episode.FIXTURES; f++) {
      drawFixture(e.fixtures()[2 * f], e.fixtures()[2 * f + 1], e.plates()[f], e.fixtureColors()[f]);
    }
    for (int j = 0; j < w.k; j++) {
      if (w.block(i, j, 2) > BLOCK_HALF + PLATE_HEIGHT + 0.003f) {
        shadow(w.block(i, j, 0), w.block(i, j, 1), 0.024f);
      }
    }
    shadow(w.ee(i, 0), w.ee(i, 1), 0.012f);
    int items = w.k + 1;
    for (int j = 0; j < items; j++) {
      float y = j < w.k ? w.block(i, j, 1) : w.ee(i, 1);
      float z = j < w.k ? w.block(i, j, 2) : w.ee(i, 2);
      keys[j] = y * cos - z * sin - (j < w.k ? 0 : 1e-3f); // larger = farther; gripper after a tie
      order[j] = j;
    }
    for (int a = 1; a < items; a++) { // insertion sort, far to near
      for (int b = a; b > 0 && keys[order[b]] > keys[order[b - 1]]; b--) {
        int t = order[b];
        order[b] = order[b - 1];
        order[b - 1] = t;
      }
    }
    for (int s = 0; s < items; s++) {
      int j = order[s];
      if (j < w.k) {
        drawBlock(w.block(i, j, 0), w.block(i, j, 1), w.block(i, j, 2), e.blockColors()[j]);
      } else {
        drawGripper(w.ee(i, 0), w.ee(i, 1), w.ee(i, 2), spread(w, i));
      }
    }
    if (!look.plain()) {
      look.light(canvas);
    }
    return canvas.pixels;
  }

  /** Finger half-spacing: wide when open, around the block when holding, together when closed. */
  static float spread(World w, int i) {
    return !w.closed(i) ? OPEN_SPREAD : w.holding(i) ? BLOCK_HALF + 0.004f : 0.007f;
  }

  private void drawFixture(float x, float y, boolean plate, Palette color) {
    if (plate) {
      float rx = PLATE_RADIUS * scale;
      float ry = PLATE_RADIUS * sin * scale;
      canvas.ellipse(u(x), v(y, 0), rx, ry, Canvas.shade(Canvas.rgb(color.rgb()), 0.8));
      canvas.ellipse(u(x), v(y, PLATE_HEIGHT) - 0.5f, rx * 0.92f, ry * 0.92f, Canvas.rgb(color.tint(0.45)));
    } else {
      canvas.rect(u(x - ZONE_HALF), v(y - ZONE_HALF, 0), u(x + ZONE_HALF), v(y + ZONE_HALF, 0),
          Canvas.rgb(color.tint(0.3)));
      float in = 0.2f * ZONE_HALF;
      canvas.rect(u(x - ZONE_HALF + in), v(y - ZONE_HALF + in, 0), u(x + ZONE_HALF - in),
          v(y + ZONE_HALF - in, 0), Canvas.rgb(color.tint(0.6)));
    }
  }

  private void shadow(float x, float y, float r) {
    canvas.darkenEllipse(u(x), v(y, 0), r * scale, r * sin * scale, 0.6f);
  }

  private void drawBlock(float x, float y, float z, Palette color) {
    int c = Canvas.rgb(color.rgb());
    float h = BLOCK_HALF;
    canvas.rect(u(x - h), v(y - h, z - h), u(x + h), v(y - h, z + h), Canvas.shade(c, 0.62));
    float lift = Math.max(0, Math.min(1, (z - h) / 0.2f));
    canvas.rect(u(x - h), v(y - h, z + h), u(x + h), v(y + h, z + h), Canvas.shade(c, 1.0 + 0.5 * lift));
  }

  private void drawGripper(float x, float y, float z, float spread) {
    float fw = 0.005f;
    canvas.rect(u(x - 0.008f), v(y, z + 0.045f), u(x + 0.008f), v(y, z + 0.4f), WRIST);
    canvas.rect(u(x - spread - fw), v(y, z + 0.03f), u(x + spread + fw), v(y, z + 0.045f), PALM);
    canvas.rect(u(x - spread - fw), v(y, z - 0.015f), u(x - spread + fw), v(y, z + 0.03f), FINGER);
    canvas.rect(u(x + spread - fw), v(y, z - 0.015f), u(x + spread + fw), v(y, z + 0.03f), FINGER);
  }
}
