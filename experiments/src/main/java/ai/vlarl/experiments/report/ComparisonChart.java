package ai.vlarl.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A PNG of success-rate bands, one color per algorithm: the mean over seeds as a line, min to max
 * as a translucent band, y from 0 to 100%. Java2D, headless (the style of the framework's {@code
 * learning_curves.png}).
 */
public final class ComparisonChart {
  private static final int W = 720;
  private static final int H = 420;
  private static final Color[] COLORS = {new Color(30, 80, 170), new Color(200, 80, 30),
      new Color(40, 140, 60), new Color(130, 60, 160)};

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ComparisonChart() {}

  /** Draws {@code bands} (label to band) to {@code file}. */
  public static void write(Path file, String title, String xLabel, Map<String, Band> bands)
      throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    int left = 70;
    int right = W - 20;
    int top = 40;
    int bottom = H - 60;
    double x1 = 0;
    for (Band b : bands.values()) {
      x1 = Math.max(x1, b.x()[b.x().length - 1]);
    }
    x1 = x1 <= 0 ? 1 : x1;
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.setColor(Color.BLACK);
    g.drawString(title, left, 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    for (int k = 0; k <= 4; k++) {
      int y = bottom - (bottom - top) * k / 4;
      g.setColor(new Color(228, 228, 228));
      g.drawLine(left, y, right, y);
      g.setColor(Color.DARK_GRAY);
      String yl = (25 * k) + "%";
      g.drawString(yl, left - 8 - fm.stringWidth(yl), y + 4);
      int x = left + (right - left) * k / 4;
      String xl = tick(x1 * k / 4);
      g.drawString(xl, x - fm.stringWidth(xl) / 2, bottom + 16);
    }
    g.drawString(xLabel, (left + right) / 2 - fm.stringWidth(xLabel) / 2, bottom + 34);
    g.setColor(Color.BLACK);
    g.drawLine(left, top, left, bottom);
    g.drawLine(left, bottom, right, bottom);
    int c = 0;
    int legendX = left + 10;
    for (Map.Entry<String, Band> e : bands.entrySet()) {
      Color color = COLORS[c++ % COLORS.length];
      Band b = e.getValue();
      int n = b.x().length;
      Polygon band = new Polygon();
      int[] px = new int[n];
      int[] py = new int[n];
      for (int i = 0; i < n; i++) {
        px[i] = left + (int) Math.round(b.x()[i] / x1 * (right - left));
        py[i] = y(b.mean()[i], top, bottom);
        band.addPoint(px[i], y(b.max()[i], top, bottom));
      }
      for (int i = n - 1; i >= 0; i--) {
        band.addPoint(px[i], y(b.min()[i], top, bottom));
      }
      g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
      g.fillPolygon(band);
      g.setColor(color);
      g.setStroke(new BasicStroke(2.2f));
      g.drawPolyline(px, py, n);
      g.setStroke(new BasicStroke(1f));
      g.fillRect(legendX, top + 6, 14, 4);
      g.setColor(Color.BLACK);
      String label = e.getKey() + " (mean, band = min..max over seeds)";
      g.drawString(label, legendX + 20, top + 12);
      legendX += 30 + fm.stringWidth(label);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  /** Pixel row of success {@code v} in [0, 1]. */
  private static int y(double v, int top, int bottom) {
    double c = Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    return bottom - (int) Math.round(c * (bottom - top));
  }

  private static String tick(double v) {
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.0fk", v / 1e3);
    }
    return String.format(Locale.ROOT, v < 10 && v != Math.rint(v) ? "%.1f" : "%.0f", v);
  }

  /** An insertion-ordered map, for callers building the legend order. */
  public static Map<String, Band> bands() {
    return new LinkedHashMap<>();
  }
}
