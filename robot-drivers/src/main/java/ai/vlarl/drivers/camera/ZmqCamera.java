package ai.vlarl.drivers.camera;

import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.net.CurveKeys;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A camera streamed over ZeroMQ: a SUB socket connected to a publisher (a camera process beside
 * the robot). Each frame is a two-part message:
 *
 * <ol>
 *   <li>a JSON header {@code {"height": H, "width": W, "encoding": "rgb8" | "png" | "jpeg"}};
 *   <li>the pixels: {@code H·W·3} raw RGB bytes for {@code rgb8}, or a PNG/JPEG file.
 * </ol>
 *
 * A receiver thread keeps only the newest frame. Off loopback the stream must use CURVE.
 */
public final class ZmqCamera implements CameraSource {
  private final ZContext context = new ZContext();
  private final Thread receiver;
  private final Clock clock;
  private final String endpoint;
  private final long maxAgeNanos;
  private volatile Frame latest;
  private volatile String problem;
  private volatile boolean running = true;

  /**
   * @param maxAgeSeconds {@link #latest()} fails when the newest frame is older than this
   */
  public ZmqCamera(String endpoint, CurveKeys keys, double maxAgeSeconds, Clock clock) {
    CurveKeys.requireFor("camera", endpoint, keys);
    this.endpoint = endpoint;
    this.clock = clock;
    this.maxAgeNanos = Math.round(maxAgeSeconds * 1e9);
    ZMQ.Socket sub = context.createSocket(SocketType.SUB);
    if (keys != null) {
      keys.applyTo(sub);
    }
    sub.setReceiveTimeOut(100);
    sub.setRcvHWM(16); // the receiver drains continuously; a tiny HWM risks stalls with two-part messages
    sub.subscribe(new byte[0]);
    // JeroMQ 0.6 sometimes leaves a fresh TCP connection without a ZMTP handshake (the connecting
    // side never sends its greeting; zeromq/jeromq#1022, more often under CPU load). A short
    // handshake interval tears such a connection down and reconnects instead of waiting 30 s.
    sub.setHandshakeIvl(2000);
    sub.connect(endpoint);
    receiver = new Thread(() -> receive(sub), "vlarl-camera");
    receiver.setDaemon(true);
    receiver.start();
  }

  private void receive(ZMQ.Socket sub) {
    try {
      receiveLoop(sub);
    } catch (Throwable t) { // never die silently: latest() reports it
      problem = "the camera receiver stopped: " + t;
    } finally {
      sub.close();
    }
  }

  private void receiveLoop(ZMQ.Socket sub) {
    while (running) {
      byte[] header = sub.recv();
      if (header == null) {
        continue;
      }
      if (!sub.hasReceiveMore()) {
        problem = "a camera message had no pixel part";
        continue;
      }
      byte[] pixels = sub.recv();
      while (sub.hasReceiveMore()) {
        sub.recv();
      }
      try {
        latest = decode(header, pixels, clock.nanos());
        problem = null;
      } catch (RuntimeException | IOException e) {
        problem = "bad camera frame from " + endpoint + ": " + e.getMessage();
      }
    }
  }

  static Frame decode(byte[] header, byte[] pixels, long now) throws IOException {
    JsonObject h = JsonParser.parseString(new String(header, StandardCharsets.UTF_8)).getAsJsonObject();
    String enc = h.has("encoding") ? h.get("encoding").getAsString() : "rgb8";
    if (enc.equals("rgb8")) {
      return new Frame(now, h.get("height").getAsInt(), h.get("width").getAsInt(), pixels);
    }
    if (enc.equals("png") || enc.equals("jpeg")) {
      var img = ImageIO.read(new ByteArrayInputStream(pixels));
      if (img == null) {
        throw new IOException("undecodable " + enc + " image");
      }
      return ImageFileCamera.fromImage(img, now);
    }
    throw new IOException("unknown encoding '" + enc + "' (rgb8, png or jpeg)");
  }

  @Override
  public Frame latest() {
    Frame f = latest;
    if (f == null) {
      throw new ArmException("no frame received from camera " + endpoint
          + (problem != null ? " (" + problem + ")" : " yet"));
    }
    long age = clock.nanos() - f.timestampNanos();
    if (age > maxAgeNanos) {
      throw new ArmException(String.format("camera %s: newest frame is %.0f ms old (limit %.0f ms)",
          endpoint, age / 1e6, maxAgeNanos / 1e6));
    }
    return f;
  }

  @Override
  public void close() {
    running = false;
    try {
      receiver.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    context.close();
  }
}
