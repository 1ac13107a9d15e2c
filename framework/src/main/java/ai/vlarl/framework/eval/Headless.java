package ai.vlarl.framework.eval;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Java2D set-up shared by the image writers: headless mode, fonts, antialiased graphics. */
final class Headless {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Headless() {}

  /** Makes sure the static set-up ran (call before any Java2D use). */
  static void init() {}

  /** An RGB image and its graphics, antialiased. */
  static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    return g;
  }

  static Font font(int style, int size) {
    return new Font(Font.SANS_SERIF, style, size);
  }
}
