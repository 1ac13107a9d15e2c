package ai.vlarl.framework.run;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * TensorFlow {@code Event} protocol buffers, encoded by hand (the few fields TensorBoard's scalar
 * dashboard reads):
 *
 * <pre>
 * message Event {
 *   double wall_time = 1;                 // seconds since the epoch
 *   int64 step = 2;
 *   oneof what { string file_version = 3; Summary summary = 5; SessionLog session_log = 6; }
 * }
 * message Summary { repeated Value value = 1; }
 * message Summary.Value { string tag = 1; float simple_value = 2; }
 * message SessionLog { SessionStatus status = 1; }   // START = 1
 * </pre>
 */
public final class EventProto {
  /** The version string of the first event of every file. */
  public static final String FILE_VERSION = "brain.Event:2";

  private EventProto() {}

  /** The first event of a file: {@code file_version}. */
  public static byte[] fileVersion(double wallTime) {
    Buf b = header(wallTime, 0);
    b.bytes(3, FILE_VERSION.getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  /** A summary of scalars at {@code step}, one value per entry (in the map's order). */
  public static byte[] scalars(double wallTime, long step, Map<String, Double> values) {
    Buf summary = new Buf();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      Buf value = new Buf();
      value.bytes(1, e.getKey().getBytes(StandardCharsets.UTF_8));
      value.fixed32(2, Float.floatToIntBits(e.getValue().floatValue()));
      summary.bytes(1, value.toByteArray());
    }
    Buf b = header(wallTime, step);
    b.bytes(5, summary.toByteArray());
    return b.toByteArray();
  }

  /**
   * A {@code SessionLog START} at {@code step}: a resumed run restarts there, and TensorBoard drops
   * the events the earlier process wrote at and after it.
   */
  public static byte[] sessionStart(double wallTime, long step) {
    Buf log = new Buf();
    log.varint(1, 1);
    Buf b = header(wallTime, step);
    b.bytes(6, log.toByteArray());
    return b.toByteArray();
  }

  private static Buf header(double wallTime, long step) {
    Buf b = new Buf();
    b.fixed64(1, Double.doubleToLongBits(wallTime));
    if (step != 0) {
      b.varint(2, step);
    }
    return b;
  }

  /** A protobuf writer for the wire types used here (varint 0, fixed64 1, bytes 2, fixed32 5). */
  static final class Buf extends ByteArrayOutputStream {
    void key(int field, int wireType) {
      raw(((long) field << 3) | wireType);
    }

    void raw(long v) {
      while ((v & ~0x7fL) != 0) {
        write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void varint(int field, long v) {
      key(field, 0);
      raw(v);
    }

    void fixed64(int field, long bits) {
      key(field, 1);
      for (int i = 0; i < 8; i++) {
        write((int) (bits >>> (8 * i)));
      }
    }

    void fixed32(int field, int bits) {
      key(field, 5);
      for (int i = 0; i < 4; i++) {
        write(bits >>> (8 * i));
      }
    }

    void bytes(int field, byte[] data) {
      key(field, 2);
      raw(data.length);
      write(data, 0, data.length);
    }
  }
}
