package ai.vlarl.drivers.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.ManualClock;
import ai.vlarl.framework.core.UserException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class CameraTest {
  @Test
  void areaResizingAveragesTheCoveredPixels() {
    // 2x4 -> 1x2: each output pixel averages a 2x2 block
    byte[] rgb = new byte[2 * 4 * 3];
    int[] red = {0, 100, 200, 40, 10, 30, 50, 70};
    for (int i = 0; i < 8; i++) {
      rgb[i * 3] = (byte) red[i];
    }
    Frame f = new Frame(0, 2, 4, rgb).resized(1, 2);
    // left block: 0, 100, 10, 30 -> 35; right block: 200, 40, 50, 70 -> 90
    assertEquals(35, f.rgb()[0] & 0xff);
    assertEquals(90, f.rgb()[3] & 0xff);
    // 3 -> 2 pixels: overlaps of 1 and 1/2: (3*1 + 9*0.5) / 1.5 = 5, (9*0.5 + 15*1) / 1.5 = 13
    Frame g = new Frame(0, 1, 3, new byte[] {3, 0, 0, 9, 0, 0, 15, 0, 0}).resized(1, 2);
    assertEquals(5, g.rgb()[0]);
    assertEquals(13, g.rgb()[3]);
  }

  @Test
  void imageFilesPlayAsASequence(@TempDir Path dir) throws Exception {
    for (int k = 0; k < 3; k++) {
      BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
      img.setRGB(0, 0, 0x010203 * (k + 1));
      ImageIO.write(img, "png", dir.resolve("f" + k + ".png").toFile());
    }
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    ManualClock clock = new ManualClock(0);
    ImageFileCamera cam = new ImageFileCamera(dir, 10, clock);
    assertEquals(3, cam.length());
    assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(cam.latest().rgb(), 3));
    clock.advance(150_000_000L); // 0.15 s at 10 fps: frame 1
    assertArrayEquals(new byte[] {2, 4, 6}, java.util.Arrays.copyOf(cam.latest().rgb(), 3));
    clock.advance(200_000_000L); // 0.35 s: frame 3 = frame 0 again (looping)
    assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(cam.latest().rgb(), 3));
    UserException e = assertThrows(UserException.class, () -> new ImageFileCamera(dir.resolve("nope"), 10, clock));
    assertTrue(e.getMessage().contains("is neither an image file nor a directory"));
  }

  @Test
  void framesStreamOverZeroMq() throws Exception {
    try (ZContext ctx = new ZContext()) {
      ZMQ.Socket pub = ctx.createSocket(SocketType.PUB);
      int port = pub.bindToRandomPort("tcp://127.0.0.1");
      ZmqCamera cam = new ZmqCamera("tcp://127.0.0.1:" + port, null, 5.0, Clock.SYSTEM);
      try {
        ArmException none = assertThrows(ArmException.class, cam::latest);
        assertTrue(none.getMessage().contains("no frame received from camera"), none.getMessage());
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 1, 0x112233);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        long deadline = System.nanoTime() + 15_000_000_000L; // a loaded machine's first ImageIO use is slow
        Frame got = null;
        String why = "";
        while (got == null && System.nanoTime() < deadline) { // PUB drops until the SUB has joined
          pub.sendMore("{\"height\": 2, \"width\": 3, \"encoding\": \"png\"}".getBytes(StandardCharsets.UTF_8));
          pub.send(png.toByteArray());
          Thread.sleep(20);
          try {
            got = cam.latest();
          } catch (ArmException e) {
            why = e.getMessage(); // not yet
          }
        }
        assertTrue(got != null, why);
        assertEquals(2, got.height());
        assertEquals(3, got.width());
        byte[] rgb = got.rgb();
        assertArrayEquals(new byte[] {0x11, 0x22, 0x33}, java.util.Arrays.copyOfRange(rgb, 15, 18));
        pub.sendMore("{\"height\": 1, \"width\": 1, \"encoding\": \"rgb8\"}".getBytes(StandardCharsets.UTF_8));
        pub.send(new byte[] {7, 8, 9});
        Thread.sleep(100);
        assertArrayEquals(new byte[] {7, 8, 9}, cam.latest().rgb());
      } finally {
        cam.close();
      }
    }
  }

  @Test
  void aStreamOffLoopbackNeedsCurve() {
    UserException e = assertThrows(UserException.class,
        () -> new ZmqCamera("tcp://10.1.2.3:5592", null, 1.0, Clock.SYSTEM));
    assertTrue(e.getMessage().contains("is not a loopback address"), e.getMessage());
  }
}
