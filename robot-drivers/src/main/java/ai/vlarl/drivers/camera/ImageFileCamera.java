package ai.vlarl.drivers.camera;

import ai.vlarl.drivers.Clock;
import ai.vlarl.framework.core.UserException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A camera that plays image files: one image, or a directory of PNG/JPEG frames in file-name
 * order played at {@code fps} (looping) — a recorded video as an image sequence. For replaying a
 * recording through a policy, and for tests.
 */
public final class ImageFileCamera implements CameraSource {
  private final Frame[] frames;
  private final double fps;
  private final Clock clock;
  private final long start;

  /**
   * @param path an image file, or a directory of {@code .png}/{@code .jpg}/{@code .jpeg} frames
   * @param fps frames per second of the sequence
   */
  public ImageFileCamera(Path path, double fps, Clock clock) {
    if (!(fps > 0)) {
      throw new UserException("camera fps must be positive, got " + fps);
    }
    List<Path> files = list(path);
    frames = new Frame[files.size()];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = read(files.get(i));
    }
    this.fps = fps;
    this.clock = clock;
    this.start = clock.nanos();
  }

  private static List<Path> list(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new UserException("camera path " + path + " is neither an image file nor a directory");
    }
    try (Stream<Path> s = Files.list(path)) {
      List<Path> files = s.filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
      }).sorted().toList();
      if (files.isEmpty()) {
        throw new UserException("camera directory " + path + " holds no .png, .jpg or .jpeg frames");
      }
      return files;
    } catch (IOException e) {
      throw new UserException("cannot list camera directory " + path + ": " + e.getMessage());
    }
  }

  /** Reads an image file as RGB bytes. */
  public static Frame read(Path file) {
    try {
      BufferedImage img = ImageIO.read(file.toFile());
      if (img == null) {
        throw new UserException("camera frame " + file + " is not a readable PNG or JPEG image");
      }
      return fromImage(img, 0);
    } catch (IOException e) {
      throw new UserException("cannot read camera frame " + file + ": " + e.getMessage());
    }
  }

  /** The RGB bytes of {@code img}. */
  public static Frame fromImage(BufferedImage img, long timestampNanos) {
    int h = img.getHeight();
    int w = img.getWidth();
    byte[] rgb = new byte[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y);
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (p >> 16);
        rgb[i + 1] = (byte) (p >> 8);
        rgb[i + 2] = (byte) p;
      }
    }
    return new Frame(timestampNanos, h, w, rgb);
  }

  /** Number of frames in the sequence. */
  public int length() {
    return frames.length;
  }

  @Override
  public Frame latest() {
    long now = clock.nanos();
    int i = (int) (((now - start) / 1e9 * fps) % frames.length);
    Frame f = frames[i];
    return new Frame(now, f.height(), f.width(), f.rgb());
  }

  @Override
  public void close() {}
}
