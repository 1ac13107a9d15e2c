package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.Rng;

/**
 * How a scene looks apart from its objects: background, table color and texture, lighting. The
 * training split always looks like {@link #TRAIN}; the {@code ood-vision} split draws, per
 * episode from its seed, one of the unseen looks below. Object colors are never replaced (a red
 * block stays red, only lit differently), so instructions keep naming them correctly.
 *
 * @param background the color behind the table, packed {@code 0xRRGGBB}
 * @param table the table top's color
 * @param tableEdge the table's front edge color
 * @param texture the table top's pattern
 * @param period the pattern's period in meters
 * @param contrast how much darker the pattern's dark parts are, in [0, 1)
 * @param light overall brightness multiplier
 * @param tint per-channel multipliers of the light's color (r, g, b)
 * @param gradient brightness change from the image's left to its right edge (a lamp to one side)
 */
record Appearance(
    int background,
    int table,
    int tableEdge,
    Texture texture,
    float period,
    float contrast,
    float light,
    float[] tint,
    float gradient) {

  /** Table top patterns. */
  enum Texture {
    NONE,
    CHECKER,
    STRIPES,
    GRAIN
  }

  /** The training look: plain beige table on a dark gray background, neutral light. */
  static final Appearance TRAIN = new Appearance(Canvas.rgb(70, 72, 78), Canvas.rgb(188, 178, 162),
      Canvas.rgb(132, 122, 110), Texture.NONE, 0, 0, 1, new float[] {1, 1, 1}, 0);

  /** Unseen table colors (none is close to the training beige or to a block color). */
  static final int[] TABLES = {
    Canvas.rgb(105, 72, 48), // walnut
    Canvas.rgb(88, 104, 128), // slate
    Canvas.rgb(126, 146, 118), // sage
    Canvas.rgb(60, 60, 64), // charcoal
    Canvas.rgb(236, 232, 224), // white laminate
    Canvas.rgb(160, 104, 86) // terracotta
  };
  /** Unseen backgrounds. */
  static final int[] BACKGROUNDS = {
    Canvas.rgb(205, 208, 216), Canvas.rgb(22, 22, 26), Canvas.rgb(112, 86, 62), Canvas.rgb(62, 92, 74),
    Canvas.rgb(128, 40, 60)
  };
  /** Light colors: warm, cool, neutral. */
  static final float[][] TINTS = {{1.0f, 0.9f, 0.75f}, {0.82f, 0.92f, 1.0f}, {1, 1, 1}};

  /** Whether this is the plain training look (no texture, neutral light): nothing extra to draw. */
  boolean plain() {
    return texture == Texture.NONE && light == 1 && gradient == 0 && tint[0] == 1 && tint[1] == 1
        && tint[2] == 1;
  }

  /** The look of the episode from {@code seed} in {@code split}. */
  static Appearance of(Split split, long seed) {
    if (split != Split.OOD_VISION) {
      return TRAIN;
    }
    Rng rng = Rng.derive(seed, "tabletop-appearance");
    int table = TABLES[rng.nextInt(TABLES.length)];
    int background = BACKGROUNDS[rng.nextInt(BACKGROUNDS.length)];
    Texture texture = Texture.values()[rng.nextInt(Texture.values().length)];
    float period = (float) rng.uniform(0.025, 0.06);
    float contrast = (float) rng.uniform(0.12, 0.3);
    float light = (float) (rng.nextDouble() < 0.5 ? rng.uniform(0.6, 0.8) : rng.uniform(1.15, 1.35));
    float[] tint = TINTS[rng.nextInt(TINTS.length)].clone();
    float gradient = (float) rng.uniform(-0.4, 0.4);
    return new Appearance(background, table, Canvas.shade(table, 0.7), texture, period, contrast,
        light, tint, gradient);
  }

  /** The brightness factor of the table pattern at world (x, y): 1, or 1 − contrast. */
  float pattern(float x, float y) {
    switch (texture) {
      case CHECKER -> {
        long cx = (long) Math.floor(x / period);
        long cy = (long) Math.floor(y / period);
        return ((cx + cy) & 1) == 0 ? 1 : 1 - contrast;
      }
      case STRIPES -> {
        return ((long) Math.floor((x + y) / period) & 1) == 0 ? 1 : 1 - contrast;
      }
      case GRAIN -> {
        // wavy planks along x: stripes in y bent by a slow sine
        double s = (y + 0.01 * Math.sin(x * 40 + y * 7)) / (0.4 * period);
        return (float) (1 - contrast * (0.5 + 0.5 * Math.sin(2 * Math.PI * s)));
      }
      default -> {
        return 1;
      }
    }
  }

  /** Maps a pixel center of an image to the world point (x, y) on the table plane z = 0. */
  interface TablePlane {
    void world(float col, float row, float[] xy);
  }

  /**
   * Darkens the table pixels of {@code c} by the pattern (call right after drawing the plain table
   * top, before anything on it); pixels whose center maps outside the table are left alone.
   */
  void texture(Canvas c, TablePlane plane) {
    if (texture == Texture.NONE) {
      return;
    }
    float[] xy = new float[2];
    byte[] p = c.pixels;
    float half = Geometry.HALF_TABLE;
    for (int row = 0; row < c.height; row++) {
      for (int col = 0; col < c.width; col++) {
        plane.world(col + 0.5f, row + 0.5f, xy);
        if (Math.abs(xy[0]) <= half && Math.abs(xy[1]) <= half) {
          float f = pattern(xy[0], xy[1]);
          int i = (row * c.width + col) * 3;
          p[i] = scale(p[i], f);
          p[i + 1] = scale(p[i + 1], f);
          p[i + 2] = scale(p[i + 2], f);
        }
      }
    }
  }

  /** Applies the lighting to every pixel of {@code c} (brightness, tint, left-to-right gradient). */
  void light(Canvas c) {
    byte[] p = c.pixels;
    for (int col = 0; col < c.width; col++) {
      float g = light * (1 + gradient * ((col + 0.5f) / c.width - 0.5f));
      float r = g * tint[0];
      float gr = g * tint[1];
      float b = g * tint[2];
      for (int row = 0, i = col * 3; row < c.height; row++, i += c.width * 3) {
        p[i] = scale(p[i], r);
        p[i + 1] = scale(p[i + 1], gr);
        p[i + 2] = scale(p[i + 2], b);
      }
    }
  }

  private static byte scale(byte v, float f) {
    return (byte) Math.min(255, Math.round((v & 0xff) * f));
  }
}
