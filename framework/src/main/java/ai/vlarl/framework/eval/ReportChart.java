package ai.vlarl.framework.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code chart.png}: the success rate of every task as a bar with its Wilson 95% interval as an
 * error bar, the mean over tasks as a dashed line, drawn with Java2D (headless).
 */
public final class ReportChart {
  public static final String FILE = "chart.png";
  static final Color BAR = new Color(70, 120, 190);
  static final Color MEAN = new Color(200, 70, 50);

  private ReportChart() {}

  /** The chart as an image: 640 px wide, wider with many tasks. */
  public static BufferedImage draw(SuiteReport r) {
    Headless.init();
    int tasks = r.tasks().size();
    int left = 60;
    int right = 20;
    int top = 50;
    int plotH = 260;
    boolean rotate = tasks > 6;
    int bottom = rotate ? 130 : 50;
    int slot = Math.max(14, Math.min(90, (640 - left - right) / Math.max(1, tasks)));
    int width = Math.max(640, left + right + slot * tasks);
    int height = top + plotH + bottom;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = Headless.graphics(img);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(Headless.font(Font.BOLD, 14));
    g.drawString(r.suite(), left, 20);
    g.setFont(Headless.font(Font.PLAIN, 12));
    g.drawString("mean success " + ReportMarkdown.pct(r.meanSuccessRate()) + " over " + tasks
        + (tasks == 1 ? " task" : " tasks") + ", " + r.episodes() + " episodes", left, 38);
    g.setFont(Headless.font(Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    for (int p = 0; p <= 100; p += 20) {
      int y = top + plotH - p * plotH / 100;
      g.setColor(new Color(225, 225, 225));
      g.drawLine(left, y, width - right, y);
      g.setColor(Color.DARK_GRAY);
      String label = p + "%";
      g.drawString(label, left - 8 - fm.stringWidth(label), y + 4);
    }
    for (int t = 0; t < tasks; t++) {
      TaskResult tr = r.tasks().get(t);
      int x0 = left + t * slot + slot / 6;
      int w = slot - slot / 3;
      double rate = Double.isFinite(tr.successRate()) ? tr.successRate() : 0;
      int yBar = y(rate, top, plotH);
      g.setColor(BAR);
      g.fillRect(x0, yBar, w, top + plotH - yBar);
      Wilson.Interval ci = tr.ci95();
      int cx = x0 + w / 2;
      int lo = y(ci.low(), top, plotH);
      int hi = y(ci.high(), top, plotH);
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1.5f));
      g.drawLine(cx, lo, cx, hi);
      g.drawLine(cx - w / 4, lo, cx + w / 4, lo);
      g.drawLine(cx - w / 4, hi, cx + w / 4, hi);
      if (!rotate) {
        String pct = String.format(Locale.ROOT, "%.0f%%", 100 * rate);
        if (hi - 4 >= top + 12) {
          g.drawString(pct, cx - fm.stringWidth(pct) / 2, hi - 4); // above the whisker
        } else {
          g.setColor(Color.WHITE); // no room above: inside the bar, under the whisker
          g.drawString(pct, cx - fm.stringWidth(pct) / 2, lo + fm.getAscent() + 4);
          g.setColor(Color.BLACK);
        }
        g.drawString(tr.task(), cx - fm.stringWidth(tr.task()) / 2, top + plotH + 16);
        String n = "n=" + tr.episodes();
        g.drawString(n, cx - fm.stringWidth(n) / 2, top + plotH + 30);
      } else {
        AffineTransform saved = g.getTransform();
        g.translate(cx + 4, top + plotH + 6);
        g.rotate(Math.PI / 2);
        g.drawString(tr.task(), 0, 0);
        g.setTransform(saved);
      }
    }
    double mean = r.meanSuccessRate();
    if (Double.isFinite(mean)) {
      int ym = y(mean, top, plotH);
      g.setColor(MEAN);
      g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
          new float[] {6, 4}, 0));
      g.drawLine(left, ym, width - right, ym);
      g.drawString("mean", width - right - fm.stringWidth("mean"), ym - 4);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1));
    g.drawLine(left, top, left, top + plotH);
    g.drawLine(left, top + plotH, width - right, top + plotH);
    g.setColor(Color.DARK_GRAY);
    g.drawString("bars: success rate; whiskers: Wilson 95% interval", left, height - 8);
    g.dispose();
    return img;
  }

  private static int y(double rate, int top, int plotH) {
    return top + plotH - (int) Math.round(rate * plotH);
  }

  /** Writes {@code dir/chart.png}. */
  public static Path write(SuiteReport r, Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    ImageIO.write(draw(r), "png", file.toFile());
    return file;
  }
}
