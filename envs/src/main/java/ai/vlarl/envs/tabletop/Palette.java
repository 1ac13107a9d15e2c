package ai.vlarl.envs.tabletop;

/**
 * The object colors of the tabletop suite: saturated, far apart in RGB so that they stay
 * distinguishable in a 64×64 image, and each named by one common word used in instructions.
 * Blocks are drawn in these colors; plates and zones in lighter tints of them.
 */
public enum Palette {
  RED(210, 35, 35),
  GREEN(30, 170, 50),
  BLUE(35, 75, 215),
  YELLOW(235, 205, 30),
  PURPLE(140, 50, 180),
  ORANGE(245, 125, 20);

  private final int r;
  private final int g;
  private final int b;

  Palette(int r, int g, int b) {
    this.r = r;
    this.g = g;
    this.b = b;
  }

  /** The color's name as written in instructions ("red"). */
  public String word() {
    return name().toLowerCase();
  }

  /** Red, green, blue in [0, 255]. */
  public int[] rgb() {
    return new int[] {r, g, b};
  }

  /** This color blended toward white by {@code t} in [0, 1] (tints for plates and zones). */
  public int[] tint(double t) {
    return new int[] {
      (int) Math.round(r + (255 - r) * t),
      (int) Math.round(g + (255 - g) * t),
      (int) Math.round(b + (255 - b) * t)
    };
  }

  /** Color number {@code i}. */
  public static Palette of(int i) {
    return values()[i];
  }

  /** Number of colors. */
  public static int size() {
    return values().length;
  }
}
