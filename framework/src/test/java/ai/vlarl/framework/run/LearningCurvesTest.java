package ai.vlarl.framework.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvesTest {
  @TempDir Path dir;

  private static boolean blue(int rgb) {
    int r = (rgb >> 16) & 0xff;
    int b = rgb & 0xff;
    return b > r + 40;
  }

  private static int bluePixels(BufferedImage img, int x0, int y0, int w, int h) {
    int n = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        n += blue(img.getRGB(x, y)) ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void fourPanelsFromMetricsJsonl() throws IOException {
    // 10 iterations of 100 env steps: success 0.1 .. 1.0, return constant 2, value loss falling,
    // no policy loss at all
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      b.append(String.format(Locale.ROOT,
          "{\"iteration\":%d,\"env_steps\":%d,\"train/success_once\":%.1f,\"train/return\":2,"
              + "\"learn/value_loss\":%.2f}%n", i, 100 * i, 0.1 * i, 1.0 / i));
    }
    Files.writeString(dir.resolve(JsonlMetrics.FILE), b.toString());
    BufferedImage img = ImageIO.read(LearningCurves.write(dir).toFile());
    assertEquals(840, img.getWidth());
    assertEquals(520, img.getHeight());
    // panels 420 × 260: success (0, 0), return (420, 0), policy loss (0, 260), value loss (420, 260)
    assertTrue(bluePixels(img, 62, 30, 343, 195) > 300, "success curve");
    assertTrue(bluePixels(img, 482, 290, 343, 195) > 300, "value-loss curve");
    assertEquals(0, bluePixels(img, 62, 290, 343, 195), "no policy loss, no curve");
    // a constant return is drawn mid-panel (the y range is widened to 1.5 .. 2.5): plot rows
    // 30 .. 224, so y = 224 − round(0.5 · 194) = 127, raw and smoothed on top of each other
    for (int x = 490; x < 815; x += 25) {
      assertTrue(blue(img.getRGB(x, 127)), "return line at x = " + x);
    }
  }

  @Test
  void noMetricsStillDrawsThePanels() throws IOException {
    BufferedImage img = ImageIO.read(LearningCurves.write(dir).toFile());
    assertEquals(0, bluePixels(img, 0, 0, 840, 520));
  }
}
