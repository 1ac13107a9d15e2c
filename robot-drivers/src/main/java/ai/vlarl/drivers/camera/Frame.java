package ai.vlarl.drivers.camera;

/**
 * One camera image: {@code height × width × 3} RGB bytes, row-major (the layout of the
 * observation batches' uint8 images).
 *
 * @param timestampNanos when it was captured (or received), on the reader's clock
 */
public record Frame(long timestampNanos, int height, int width, byte[] rgb) {
  public Frame {
    if (height <= 0 || width <= 0 || rgb.length != height * width * 3) {
      throw new IllegalArgumentException("a frame of " + height + "x" + width + " needs "
          + (long) height * width * 3 + " RGB bytes, got " + rgb.length);
    }
  }

  /**
   * This image resized to {@code h × w} by area averaging (each output pixel averages the source
   * pixels it covers, weighted by overlap): the right filter for shrinking camera images to a
   * policy's small input without aliasing.
   */
  public Frame resized(int h, int w) {
    if (h == height && w == width) {
      return this;
    }
    double[] acc = new double[h * w * 3];
    double sy = (double) height / h;
    double sx = (double) width / w;
    for (int oy = 0; oy < h; oy++) {
      double y0 = oy * sy;
      double y1 = y0 + sy;
      for (int ox = 0; ox < w; ox++) {
        double x0 = ox * sx;
        double x1 = x0 + sx;
        double total = 0;
        double r = 0;
        double g = 0;
        double b = 0;
        for (int y = (int) y0; y < Math.min(height, Math.ceil(y1)); y++) {
          double wy = Math.min(y + 1, y1) - Math.max(y, y0);
          for (int x = (int) x0; x < Math.min(width, Math.ceil(x1)); x++) {
            double wgt = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
            int i = (y * width + x) * 3;
            r += wgt * (rgb[i] & 0xff);
            g += wgt * (rgb[i + 1] & 0xff);
            b += wgt * (rgb[i + 2] & 0xff);
            total += wgt;
          }
        }
        int o = (oy * w + ox) * 3;
        acc[o] = r / total;
        acc[o + 1] = g / total;
        acc[o + 2] = b / total;
      }
    }
    byte[] out = new byte[acc.length];
    for (int i = 0; i < acc.length; i++) {
      out[i] = (byte) Math.round(acc[i]);
    }
    return new Frame(timestampNanos, h, w, out);
  }
}
