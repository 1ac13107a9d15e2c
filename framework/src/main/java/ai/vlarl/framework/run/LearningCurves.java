package ai.vlarl.framework.run;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * At the end of a run, draws {@code learning_curves.png} next to {@code metrics.jsonl} from all of
 * its lines (a resumed run's too): four panels against env steps — success rate ({@code
 * train/success_once}), mean return ({@code train/return}), policy loss and value loss — each raw
 * (thin) and smoothed (exponential moving average, thick). Java2D, headless.
 */
public final class LearningCurves implements TrainListener {
  public static final String FILE = "learning_curves.png";
  /** Panels: metric key and title. */
  static final String[][] PANELS = {
    {"train/success_once", "success rate"}, {"train/return", "return"},
    {"learn/policy_loss", "policy loss"}, {"learn/value_loss", "value loss"}
  };
  static final Color RAW = new Color(150, 180, 225);
  static final Color SMOOTH = new Color(30, 80, 170);
  private static final int PANEL_W = 420;
  private static final int PANEL_H = 260;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  @Override
  public void onEnd(RunContext run, Map<String, Object> summary) {
    try {
      write(run.runDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw the learning curves of " + run.runDir(), e);
    }
  }

  /** Draws {@code runDir/learning_curves.png} from {@code runDir/metrics.jsonl}; returns it. */
  public static Path write(Path runDir) throws IOException {
    Path metrics = runDir.resolve(JsonlMetrics.FILE);
    List<double[]>[] series = read(metrics);
    BufferedImage img = new BufferedImage(2 * PANEL_W, 2 * PANEL_H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    for (int p = 0; p < PANELS.length; p++) {
      panel(g, (p % 2) * PANEL_W, (p / 2) * PANEL_H, PANELS[p][1], series[p]);
    }
    g.dispose();
    Path file = runDir.resolve(FILE);
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  /** Per panel, the (env_steps, value) points with a finite value, in file order. */
  @SuppressWarnings("unchecked")
  static List<double[]>[] read(Path metrics) throws IOException {
    List<double[]>[] out = new List[PANELS.length];
    for (int p = 0; p < out.length; p++) {
      out[p] = new ArrayList<>();
    }
    if (!Files.exists(metrics)) {
      return out;
    }
    for (String line : Files.readAllLines(metrics)) {
      if (line.isBlank()) {
        continue;
      }
      var o = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
      if (!o.has("env_steps")) {
        continue;
      }
      double x = o.get("env_steps").getAsDouble();
      for (int p = 0; p < PANELS.length; p++) {
        if (o.has(PANELS[p][0])) {
          double y = o.get(PANELS[p][0]).getAsDouble();
          if (Double.isFinite(y)) {
            out[p].add(new double[] {x, y});
          }
        }
      }
    }
    return out;
  }

  private static void panel(Graphics2D g, int ox, int oy, String title, List<double[]> pts) {
    int left = ox + 62;
    int right = ox + PANEL_W - 16;
    int top = oy + 30;
    int bottom = oy + PANEL_H - 36;
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString(title, left, oy + 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    FontMetrics fm = g.getFontMetrics();
    if (pts.isEmpty()) {
      g.drawString("no data", left + 10, (top + bottom) / 2);
      return;
    }
    double x0 = pts.get(0)[0];
    double x1 = pts.get(pts.size() - 1)[0];
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (double[] q : pts) {
      y0 = Math.min(y0, q[1]);
      y1 = Math.max(y1, q[1]);
    }
    if (x1 <= x0) {
      x1 = x0 + 1;
    }
    if (y1 - y0 < 1e-9) {
      y0 -= 0.5;
      y1 += 0.5;
    }
    for (int k = 0; k <= 4; k++) {
      double yv = y0 + (y1 - y0) * k / 4;
      int y = bottom - (int) Math.round((bottom - top) * k / 4.0);
      g.setColor(new Color(228, 228, 228));
      g.drawLine(left, y, right, y);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, Math.abs(y1 - y0) < 0.1 ? "%.3g" : "%.2f", yv);
      g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
      double xv = x0 + (x1 - x0) * k / 4;
      int x = left + (int) Math.round((right - left) * k / 4.0);
      String xl = ConsoleProgress.human((long) xv);
      g.drawString(xl, x - fm.stringWidth(xl) / 2, bottom + 14);
    }
    g.drawString("env steps", (left + right) / 2 - 20, bottom + 28);
    g.setColor(Color.BLACK);
    g.drawLine(left, top, left, bottom);
    g.drawLine(left, bottom, right, bottom);
    double ema = pts.get(0)[1];
    int[] px = new int[pts.size()];
    int[] raw = new int[pts.size()];
    int[] smooth = new int[pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      double[] q = pts.get(i);
      ema = 0.9 * ema + 0.1 * q[1];
      px[i] = left + (int) Math.round((q[0] - x0) / (x1 - x0) * (right - left));
      raw[i] = bottom - (int) Math.round((q[1] - y0) / (y1 - y0) * (bottom - top));
      smooth[i] = bottom - (int) Math.round((ema - y0) / (y1 - y0) * (bottom - top));
    }
    g.setStroke(new BasicStroke(1f));
    g.setColor(RAW);
    g.drawPolyline(px, raw, px.length);
    g.setStroke(new BasicStroke(2.2f));
    g.setColor(SMOOTH);
    g.drawPolyline(px, smooth, px.length);
    g.setStroke(new BasicStroke(1f));
  }
}
