package ai.vlarl.framework.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** chart.png and the GIF videos, read back with ImageIO. */
class ImageWritersTest {
  @TempDir Path dir;

  private static int rgb(BufferedImage img, int x, int y) {
    return img.getRGB(x, y) & 0xffffff;
  }

  private static boolean near(int rgb, Color c, int tolerance) {
    return Math.abs(((rgb >> 16) & 0xff) - c.getRed()) <= tolerance
        && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) <= tolerance
        && Math.abs((rgb & 0xff) - c.getBlue()) <= tolerance;
  }

  @Test
  void theChartHasOneBarPerTaskWithItsInterval() throws IOException {
    // reach 7/10, push 45/50, pick-place 0/1 (ReportWritersTest.sample)
    BufferedImage img = ImageIO.read(ReportChart.write(ReportWritersTest.sample(false), dir).toFile());
    // 3 tasks: slots of 90 px from x = 60, plot from y = 50 to 310 (260 px for 100%)
    assertEquals(640, img.getWidth());
    assertEquals(360, img.getHeight());
    // reach: bar x in [75, 135), top at 310 - round(0.7 · 260) = 128
    assertTrue(near(rgb(img, 80, 200), ReportChart.BAR, 0), "inside the reach bar");
    assertTrue(near(rgb(img, 80, 130), ReportChart.BAR, 0), "just below its top");
    assertTrue(!near(rgb(img, 80, 120), ReportChart.BAR, 40), "above its top");
    // its whisker at x = 105 spans the Wilson interval [0.396778, 0.892209]: y 207 .. 78
    assertTrue(dark(rgb(img, 105, 100)) && dark(rgb(img, 105, 80)), "whisker inside the interval");
    // (the "70%" label sits just above the whisker, baseline at y = 74)
    assertTrue(!dark(rgb(img, 105, 56)), "nothing above the interval and its label");
    // pick-place 0/1: no bar, a whisker from 310 up to 310 - round(0.793451 · 260) = 104
    assertTrue(!near(rgb(img, 260, 300), ReportChart.BAR, 40));
    assertTrue(dark(rgb(img, 285, 200)), "pick-place whisker");
    // the mean (0.5333) as a dashed line at y = 310 - round(0.5333 · 260) = 171
    int red = 0;
    for (int x = 60; x < 620; x++) {
      red += near(rgb(img, x, 171), ReportChart.MEAN, 60) ? 1 : 0;
    }
    assertTrue(red > 150, "mean line pixels: " + red);
  }

  private static boolean dark(int rgb) {
    return ((rgb >> 16) & 0xff) < 110 && ((rgb >> 8) & 0xff) < 110 && (rgb & 0xff) < 110;
  }

  @Test
  void videosAreLoopingGifsWithTheOutcomeOnTheLastFrame() throws IOException {
    int w = 64;
    int h = 48;
    List<byte[]> frames = new ArrayList<>();
    int[][] colors = {{200, 30, 30}, {30, 200, 30}, {30, 30, 200}};
    for (int[] c : colors) {
      byte[] f = new byte[w * h * 3];
      for (int i = 0; i < w * h; i++) {
        f[3 * i] = (byte) c[0];
        f[3 * i + 1] = (byte) c[1];
        f[3 * i + 2] = (byte) c[2];
      }
      frames.add(f);
    }
    Video v = new Video("push", 4, 77, "push the red block into the blue zone", true, w, h, frames);
    assertEquals("push-ep004-success.gif", VideoGif.fileName(v));
    Path file = dir.resolve(VideoGif.fileName(v));
    VideoGif.write(v, file);

    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      assertEquals(3, reader.getNumImages(true));
      List<Integer> delays = new ArrayList<>();
      boolean loops = false;
      for (int k = 0; k < 3; k++) {
        IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(k).getAsTree("javax_imageio_gif_image_1.0");
        delays.add(Integer.parseInt(((IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0))
            .getAttribute("delayTime")));
        var apps = root.getElementsByTagName("ApplicationExtension");
        for (int a = 0; a < apps.getLength(); a++) {
          IIOMetadataNode app = (IIOMetadataNode) apps.item(a);
          loops |= app.getAttribute("applicationID").equals("NETSCAPE")
              && Arrays.equals(new byte[] {1, 0, 0}, (byte[]) app.getUserObject());
        }
      }
      assertEquals(List.of(VideoGif.FRAME_CS, VideoGif.FRAME_CS, VideoGif.HOLD_CS), delays);
      assertTrue(loops, "NETSCAPE2.0 loop extension");

      // 64 px frames are scaled 4× to 256; the camera image sits under the instruction band
      BufferedImage first = reader.read(0);
      BufferedImage last = reader.read(2);
      assertEquals(256, first.getWidth());
      VideoGif.Layout layout = new VideoGif.Layout(v);
      assertEquals(layout.height(), first.getHeight());
      int midY = first.getHeight() / 2;
      assertTrue(near(rgb(first, 128, midY), new Color(200, 30, 30), 12), Integer.toHexString(rgb(first, 128, midY)));
      assertTrue(near(rgb(last, 128, midY), new Color(30, 30, 200), 12));
      // the last frame's border is green (success); the first has none
      assertTrue(near(rgb(last, 3, midY), VideoGif.SUCCESS, 24), Integer.toHexString(rgb(last, 3, midY)));
      assertTrue(near(rgb(first, 3, midY), new Color(200, 30, 30), 12));
    } finally {
      reader.dispose();
    }
  }

  @Test
  void longInstructionsWrap() {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    var fm = scratch.createGraphics().getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
    List<String> lines = VideoGif.wrap("pick up the yellow cube and place it on the orange plate", fm, 244);
    assertTrue(lines.size() >= 2, lines.toString());
    assertEquals("pick up the yellow cube and place it on the orange plate", String.join(" ", lines));
    lines.forEach(l -> assertTrue(fm.stringWidth(l) <= 244, l));
  }
}
