package ai.vlarl.envs.tabletop;

/**
 * A reusable RGB raster (row-major, 3 bytes per pixel) with the few filled shapes the renderers
 * need. Coordinates are in pixels (x right, y down); a pixel is covered when its center is inside
 * the shape. Colors are packed {@code 0xRRGGBB}. No allocation per draw call.
 */
final class Canvas {
  final int width;
  final int height;
  final byte[] pixels;

  Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    this.pixels = new byte[width * height * 3];
  }

  static int rgb(int r, int g, int b) {
    return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  static int rgb(int[] c) {
    return rgb(c[0], c[1], c[2]);
  }

  /** {@code color} scaled by {@code f} (darker below 1), or blended toward white above 1. */
  static int shade(int color, double f) {
    int r = (color >> 16) & 0xff;
    int g = (color >> 8) & 0xff;
    int b = color & 0xff;
    if (f <= 1) {
      return rgb((int) (r * f), (int) (g * f), (int) (b * f));
    }
    double t = Math.min(f - 1, 1);
    return rgb((int) (r + (255 - r) * t), (int) (g + (255 - g) * t), (int) (b + (255 - b) * t));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  void fill(int color) {
    byte r = (byte) (color >> 16);
    byte g = (byte) (color >> 8);
    byte b = (byte) color;
    for (int i = 0; i < pixels.length; i += 3) {
      pixels[i] = r;
      pixels[i + 1] = g;
      pixels[i + 2] = b;
    }
  }

  /** Fills the axis-aligned rectangle [x0, x1) × [y0, y1) (corners in any order). */
  void rect(float x0, float y0, float x1, float y1, int color) {
    int c0 = first(Math.min(x0, x1), width);
    int c1 = first(Math.max(x0, x1), width);
    int r0 = first(Math.min(y0, y1), height);
    int r1 = first(Math.max(y0, y1), height);
    for (int row = r0; row < r1; row++) {
      span(row, c0, c1, color);
    }
  }

  /** Fills the ellipse centered at (cx, cy) with radii rx, ry. */
  void ellipse(float cx, float cy, float rx, float ry, int color) {
    int r0 = first(cy - ry, height);
    int r1 = first(cy + ry, height);
    for (int row = r0; row < r1; row++) {
      float dy = (row + 0.5f - cy) / ry;
      float half = rx * (float) Math.sqrt(Math.max(0, 1 - dy * dy));
      span(row, first(cx - half, width), first(cx + half, width), color);
    }
  }

  /** Darkens the pixels of an ellipse by the factor {@code f} in [0, 1] (shadows). */
  void darkenEllipse(float cx, float cy, float rx, float ry, float f) {
    int r0 = first(cy - ry, height);
    int r1 = first(cy + ry, height);
    for (int row = r0; row < r1; row++) {
      float dy = (row + 0.5f - cy) / ry;
      float half = rx * (float) Math.sqrt(Math.max(0, 1 - dy * dy));
      int c1 = first(cx + half, width);
      for (int c = first(cx - half, width), p = (row * width + c) * 3; c < c1; c++, p += 3) {
        pixels[p] = (byte) ((pixels[p] & 0xff) * f);
        pixels[p + 1] = (byte) ((pixels[p + 1] & 0xff) * f);
        pixels[p + 2] = (byte) ((pixels[p + 2] & 0xff) * f);
      }
    }
  }

  /** The first pixel index whose center is at or after coordinate v, clamped to [0, limit]. */
  private static int first(float v, int limit) {
    float c = (float) Math.ceil(v - 0.5f);
    return c <= 0 ? 0 : c >= limit ? limit : (int) c;
  }

  private void span(int row, int c0, int c1, int color) {
    if (c0 >= c1) {
      return;
    }
    byte r = (byte) (color >> 16);
    byte g = (byte) (color >> 8);
    byte b = (byte) color;
    int p = (row * width + c0) * 3;
    pixels[p] = r;
    pixels[p + 1] = g;
    pixels[p + 2] = b;
    int len = (c1 - c0) * 3;
    // doubling copy: fast fills of long spans
    for (int filled = 3; filled < len; filled *= 2) {
      System.arraycopy(pixels, p, pixels, p + filled, Math.min(filled, len - filled));
    }
  }
}
