package ai.vlarl.framework.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes a {@link Video} as a looping animated GIF (ImageIO's GIF writer, headless): the camera
 * frames, scaled up to at least {@link #MIN_WIDTH} px, under a band with the instruction and over
 * a band with the task, episode and step; the last frame carries the outcome (a green SUCCESS or
 * red FAILURE with a border of that color) and is held for {@link #HOLD_CS} hundredths of a second.
 */
public final class VideoGif {
  /** Frames narrower than this are scaled up by a whole factor. */
  public static final int MIN_WIDTH = 256;
  /** Delay between frames, hundredths of a second. */
  public static final int FRAME_CS = 8;
  /** How long the last frame stays, hundredths of a second. */
  public static final int HOLD_CS = 150;
  static final Color SUCCESS = new Color(40, 170, 70);
  static final Color FAILURE = new Color(210, 50, 40);

  private VideoGif() {}

  /** The file name of a video: {@code <task>-ep<k>-success.gif} or {@code ...-failure.gif}. */
  public static String fileName(Video v) {
    return String.format("%s-ep%03d-%s.gif", v.task().replaceAll("[^A-Za-z0-9._-]", "-"), v.episode(),
        v.success() ? "success" : "failure");
  }

  /** Writes the GIF to {@code file}. */
  public static void write(Video v, Path file) throws IOException {
    Headless.init();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      ImageWriteParam param = writer.getDefaultWriteParam();
      Layout layout = new Layout(v);
      int n = v.frames().size();
      for (int k = 0; k < n; k++) {
        BufferedImage img = layout.compose(k);
        IIOMetadata meta = writer.getDefaultImageMetadata(
            ImageTypeSpecifier.createFromRenderedImage(img), param);
        configure(meta, k == n - 1 ? HOLD_CS : FRAME_CS, k == 0);
        writer.writeToSequence(new IIOImage(img, null, meta), param);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
  }

  /** Sets the frame delay and, on the first frame, the NETSCAPE2.0 loop-forever extension. */
  private static void configure(IIOMetadata meta, int delayCs, boolean first) throws IOException {
    String format = meta.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
    IIOMetadataNode gce = child(root, "GraphicControlExtension");
    gce.setAttribute("disposalMethod", "none");
    gce.setAttribute("userInputFlag", "FALSE");
    gce.setAttribute("transparentColorFlag", "FALSE");
    gce.setAttribute("delayTime", Integer.toString(delayCs));
    gce.setAttribute("transparentColorIndex", "0");
    if (first) {
      IIOMetadataNode apps = child(root, "ApplicationExtensions");
      IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
      app.setAttribute("applicationID", "NETSCAPE");
      app.setAttribute("authenticationCode", "2.0");
      app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = forever
      apps.appendChild(app);
    }
    meta.setFromTree(format, root);
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  /** Where things go in a frame of one video. */
  static final class Layout {
    private final Video v;
    private final int scale;
    private final int width;
    private final int topBand;
    private final int bottomBand = 22;
    private final List<String> lines;
    private final Font text = Headless.font(Font.PLAIN, 13);
    private final Font bold = Headless.font(Font.BOLD, 13);

    Layout(Video v) {
      this.v = v;
      this.scale = Math.max(1, (MIN_WIDTH + v.width() - 1) / v.width());
      this.width = v.width() * scale;
      BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = scratch.createGraphics();
      FontMetrics fm = g.getFontMetrics(text);
      this.lines = wrap(v.instruction().isEmpty() ? "(no instruction)" : "\"" + v.instruction() + "\"",
          fm, width - 12);
      this.topBand = 8 + lines.size() * (fm.getHeight()) + 4;
      g.dispose();
    }

    int height() {
      return topBand + v.height() * scale + bottomBand;
    }

    BufferedImage compose(int k) {
      BufferedImage img = new BufferedImage(width, height(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = Headless.graphics(img);
      g.setColor(new Color(24, 24, 28));
      g.fillRect(0, 0, width, height());
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.drawImage(frame(v.frames().get(k)), 0, topBand, width, v.height() * scale, null);
      g.setFont(text);
      FontMetrics fm = g.getFontMetrics();
      g.setColor(Color.WHITE);
      for (int i = 0; i < lines.size(); i++) {
        g.drawString(lines.get(i), 6, 4 + fm.getAscent() + i * fm.getHeight());
      }
      int base = topBand + v.height() * scale + 16;
      g.setColor(new Color(200, 200, 200));
      g.drawString(v.task() + "  ep " + v.episode() + "  step " + k + "/" + (v.frames().size() - 1), 6, base);
      if (k == v.frames().size() - 1) {
        Color c = v.success() ? SUCCESS : FAILURE;
        g.setColor(c);
        g.setStroke(new BasicStroke(4));
        g.drawRect(2, topBand + 2, width - 5, v.height() * scale - 5);
        g.setFont(bold);
        String word = v.success() ? "SUCCESS" : "FAILURE";
        g.drawString(word, width - 6 - g.getFontMetrics().stringWidth(word), base);
      }
      g.dispose();
      return img;
    }

    private BufferedImage frame(byte[] rgb) {
      BufferedImage f = new BufferedImage(v.width(), v.height(), BufferedImage.TYPE_INT_RGB);
      int[] px = new int[v.width() * v.height()];
      for (int i = 0; i < px.length; i++) {
        px[i] = ((rgb[3 * i] & 0xff) << 16) | ((rgb[3 * i + 1] & 0xff) << 8) | (rgb[3 * i + 2] & 0xff);
      }
      f.setRGB(0, 0, v.width(), v.height(), px, 0, v.width());
      return f;
    }
  }

  /** Greedy word wrap of {@code s} to lines at most {@code max} pixels wide. */
  static List<String> wrap(String s, FontMetrics fm, int max) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : s.split(" ")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (fm.stringWidth(candidate) <= max || line.length() == 0) {
        line.setLength(0);
        line.append(candidate);
      } else {
        out.add(line.toString());
        line.setLength(0);
        line.append(word);
      }
    }
    if (line.length() > 0) {
      out.add(line.toString());
    }
    return out;
  }
}
