package ai.vlarl.envs.tabletop;

import static ai.vlarl.envs.tabletop.Geometry.BLOCK_HALF;
import static ai.vlarl.envs.tabletop.Geometry.HALF_TABLE;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_HEIGHT;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_RADIUS;
import static ai.vlarl.envs.tabletop.Geometry.ZONE_HALF;

/**
 * The wrist camera (plain Java): a pinhole camera {@link #CAMERA_HEIGHT} m above the grasp point,
 * looking straight down, image up = world +y. Things closer to the camera look larger, so height
 * shows as size; the fingers are fixed in the image (far apart when open, together when closed)
 * and a held block fills the center.
 */
final class WristRenderer {
  static final float CAMERA_HEIGHT = 0.08f;

  private final int size;
  private final Split split;
  private final float focal;
  private final Canvas canvas;
  private final float[] tops;
  private final int[] order;
  private float cx;
  private float cy;
  private float cz;

  WristRenderer(int size, int blocks) {
    this(size, blocks, Split.TRAIN);
  }

  /** A wrist camera rendering {@code size}² images with the looks of {@code split}. */
  WristRenderer(int size, int blocks, Split split) {
    this.size = size;
    this.split = split;
    this.focal = 0.6f * size;
    canvas = new Canvas(size, size);
    tops = new float[blocks];
    order = new int[blocks];
  }

  private float u(float x, float h) {
    return size / 2f + focal * (x - cx) / (cz - h);
  }

  private float v(float y, float h) {
    return size / 2f - focal * (y - cy) / (cz - h);
  }

  private float px(float meters, float h) {
    return focal * meters / (cz - h);
  }

  /** Renders sub-env {@code i}'s wrist view and returns the canvas's pixels (reused). */
  byte[] render(World w, int i) {
    Episode e = w.episodes[i];
    cx = w.ee(i, 0);
    cy = w.ee(i, 1);
    cz = w.ee(i, 2) + CAMERA_HEIGHT;
    Appearance look = Appearance.of(split, e.seed());
    canvas.fill(look.background());
    canvas.rect(u(-HALF_TABLE, 0), v(-HALF_TABLE, 0), u(HALF_TABLE, 0), v(HALF_TABLE, 0), look.table());
    look.texture(canvas, (col, row, xy) -> {
      xy[0] = cx + (col - size / 2f) * cz / focal;
      xy[1] = cy - (row - size / 2f) * cz / focal;
    });
    for (int f = 0; f < Episode.FIXTURES; f++) {
      float x = e.fixtures()[2 * f];
      float y = e.fixtures()[2 * f + 1];
      if (e.plates()[f]) {
        float r = px(PLATE_RADIUS, PLATE_HEIGHT);
        canvas.ellipse(u(x, PLATE_HEIGHT), v(y, PLATE_HEIGHT), r, r,
            Canvas.shade(Canvas.rgb(e.fixtureColors()[f].rgb()), 0.8));
        canvas.ellipse(u(x, PLATE_HEIGHT), v(y, PLATE_HEIGHT), 0.85f * r, 0.85f * r,
            Canvas.rgb(e.fixtureColors()[f].tint(0.45)));
      } else {
        canvas.rect(u(x - ZONE_HALF, 0), v(y - ZONE_HALF, 0), u(x + ZONE_HALF, 0), v(y + ZONE_HALF, 0),
            Canvas.rgb(e.fixtureColors()[f].tint(0.3)));
      }
    }
    for (int j = 0; j < w.k; j++) {
      tops[j] = w.block(i, j, 2) + BLOCK_HALF;
      order[j] = j;
    }
    for (int a = 1; a < w.k; a++) { // low to high
      for (int b = a; b > 0 && tops[order[b]] < tops[order[b - 1]]; b--) {
        int t = order[b];
        order[b] = order[b - 1];
        order[b - 1] = t;
      }
    }
    for (int s = 0; s < w.k; s++) {
      int j = order[s];
      float h = tops[j];
      if (cz - h < 0.01f) {
        continue; // at or behind the lens
      }
      float x = w.block(i, j, 0);
      float y = w.block(i, j, 1);
      int c = Canvas.rgb(e.blockColors()[j].rgb());
      canvas.rect(u(x - BLOCK_HALF, 0.8f * h), v(y - BLOCK_HALF, 0.8f * h), u(x + BLOCK_HALF, 0.8f * h),
          v(y + BLOCK_HALF, 0.8f * h), Canvas.shade(c, 0.62));
      canvas.rect(u(x - BLOCK_HALF, h), v(y - BLOCK_HALF, h), u(x + BLOCK_HALF, h), v(y + BLOCK_HALF, h), c);
    }
    float spread = Renderer.spread(w, i);
    float f = focal / CAMERA_HEIGHT;
    float mid = size / 2f;
    canvas.rect(mid - (spread + 0.005f) * f, mid - 0.012f * f, mid - (spread - 0.005f) * f, mid + 0.012f * f,
        Renderer.FINGER);
    canvas.rect(mid + (spread - 0.005f) * f, mid - 0.012f * f, mid + (spread + 0.005f) * f, mid + 0.012f * f,
        Renderer.FINGER);
    if (!look.plain()) {
      look.light(canvas);
    }
    return canvas.pixels;
  }
}
