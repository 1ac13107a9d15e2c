package ai.vlarl.framework.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event files read back by an independent reader: record framing with a bitwise CRC-32C, and a
 * small protobuf decoder for Event / Summary / Value.
 */
class TensorBoardWriterTest {
  @TempDir Path dir;

  /** Bitwise CRC-32C (reflected polynomial 0x82F63B78), independent of java.util.zip. */
  static int crc32c(byte[] data, int off, int len) {
    int crc = 0xffffffff;
    for (int i = off; i < off + len; i++) {
      crc ^= data[i] & 0xff;
      for (int b = 0; b < 8; b++) {
        crc = (crc >>> 1) ^ (0x82F63B78 & -(crc & 1));
      }
    }
    return ~crc;
  }

  static int masked(byte[] data, int off, int len) {
    int c = crc32c(data, off, len);
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  @Test
  void crc32cMatchesTheStandardCheckValue() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0xE3069283, crc32c(check, 0, 9)); // the CRC-32C catalogue's check value
    assertEquals(0xE3069283, TfRecords.crc32c(check, 0, 9));
    assertEquals(masked(check, 0, 9), TfRecords.maskedCrc(check, 0, 9));
  }

  @Test
  void theFileVersionEventIsEncodedByTheBook() {
    // field 1 (wall_time, fixed64): key 0x09, 1.5e9 as little-endian double 000000c00b5ad641;
    // field 3 (file_version, bytes): key 0x1a, length 13, "brain.Event:2"
    byte[] e = EventProto.fileVersion(1.5e9);
    assertEquals("09000000c00b5ad641" + "1a0d" + HexFormat.of().formatHex("brain.Event:2".getBytes()),
        HexFormat.of().formatHex(e));
  }

  @Test
  void aScalarIsTagAndFloat() {
    // step 1024 = varint 80 08 after key 0x10; summary (key 0x2a) holds one value (key 0x0a) of
    // tag (0x0a, len 4, "loss") and simple_value (key 0x15, float -0.03 = 8fc2f5bc)
    byte[] e = EventProto.scalars(1.5e9, 1024, Map.of("loss", -0.03));
    assertEquals("09000000c00b5ad641" + "108008" + "2a0d" + "0a0b" + "0a046c6f7373" + "158fc2f5bc",
        HexFormat.of().formatHex(e));
  }

  /** A run context at a settable step. */
  final class Run implements RunContext {
    long steps;

    @Override
    public ExperimentConfig config() {
      return null;
    }

    @Override
    public Path runDir() {
      return dir;
    }

    @Override
    public long iteration() {
      return 0;
    }

    @Override
    public long envSteps() {
      return steps;
    }

    @Override
    public double wallSeconds() {
      return 0;
    }

    @Override
    public void writeCheckpoint(Path d) {}
  }

  @Test
  void aTrainingRunReadsBackWithValidCrcsAndItsScalars() throws IOException {
    Run run = new Run();
    TensorBoardWriter w = new TensorBoardWriter();
    w.onStart(run);
    for (int it = 1; it <= 2; it++) {
      run.steps = 1024L * it;
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("iteration", (double) it);
      m.put("env_steps", (double) run.steps);
      m.put("train/success_once", 0.25 * it);
      m.put("learn/policy_loss", -0.03);
      m.put("train/return", Double.NaN); // no finished episode: left out
      w.onIteration(run, m);
    }
    w.onEnd(run, Map.of("eval", Map.of("success_rate", 0.75)));
    assertTrue(w.file().getFileName().toString().startsWith("events.out.tfevents."));

    List<Map<Integer, List<Object>>> events = read(Files.readAllBytes(w.file()));
    assertEquals(4, events.size());
    assertEquals("brain.Event:2", new String((byte[]) events.get(0).get(3).get(0), StandardCharsets.UTF_8));
    for (int it = 1; it <= 2; it++) {
      Map<Integer, List<Object>> e = events.get(it);
      assertEquals(1024L * it, e.get(2).get(0));
      double wall = Double.longBitsToDouble((Long) e.get(1).get(0));
      assertTrue(Math.abs(wall - System.currentTimeMillis() / 1000.0) < 600, "wall time " + wall);
      Map<String, Float> scalars = scalars(e);
      assertEquals(List.of("iteration", "train/success_once", "learn/policy_loss"), new ArrayList<>(scalars.keySet()));
      assertEquals((float) it, scalars.get("iteration"));
      assertEquals(0.25f * it, scalars.get("train/success_once"));
      assertEquals(-0.03f, scalars.get("learn/policy_loss"));
    }
    assertEquals(Map.of("eval/success_rate", 0.75f), scalars(events.get(3)));
    assertEquals(2048L, events.get(3).get(2).get(0));
  }

  @Test
  void aResumedRunStartsWithASessionStartAtItsStep() throws IOException {
    Run run = new Run();
    run.steps = 4096;
    TensorBoardWriter w = new TensorBoardWriter();
    w.onStart(run);
    w.close();
    List<Map<Integer, List<Object>>> events = read(Files.readAllBytes(w.file()));
    assertEquals(2, events.size());
    assertEquals(4096L, events.get(1).get(2).get(0));
    // session_log (field 6) = {status (field 1): START = 1}
    assertArrayEquals(new byte[] {0x08, 0x01}, (byte[]) events.get(1).get(6).get(0));
  }

  /** The records of a file, CRCs checked, each decoded as one protobuf message. */
  static List<Map<Integer, List<Object>>> read(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    List<Map<Integer, List<Object>>> out = new ArrayList<>();
    while (b.hasRemaining()) {
      int at = b.position();
      long len = b.getLong();
      assertEquals(masked(file, at, 8), b.getInt(), "length CRC of the record at " + at);
      byte[] data = new byte[(int) len];
      b.get(data);
      assertEquals(masked(data, 0, data.length), b.getInt(), "data CRC of the record at " + at);
      out.add(decode(data));
    }
    return out;
  }

  /** Field number → values: Long for varint and fixed64, Integer for fixed32, byte[] for bytes. */
  static Map<Integer, List<Object>> decode(byte[] msg) {
    Map<Integer, List<Object>> fields = new LinkedHashMap<>();
    ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      long key = varint(b);
      int field = (int) (key >>> 3);
      Object v = switch ((int) (key & 7)) {
        case 0 -> varint(b);
        case 1 -> b.getLong();
        case 5 -> b.getInt();
        case 2 -> {
          byte[] d = new byte[(int) varint(b)];
          b.get(d);
          yield d;
        }
        default -> throw new AssertionError("wire type " + (key & 7));
      };
      fields.computeIfAbsent(field, k -> new ArrayList<>()).add(v);
    }
    return fields;
  }

  static long varint(ByteBuffer b) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      int x = b.get() & 0xff;
      v |= (long) (x & 0x7f) << shift;
      if (x < 0x80) {
        return v;
      }
    }
  }

  /** The tag → simple_value pairs of an event's summary (field 5). */
  static Map<String, Float> scalars(Map<Integer, List<Object>> event) {
    Map<String, Float> out = new LinkedHashMap<>();
    assertFalse(event.get(5) == null, "no summary");
    for (Object value : decode((byte[]) event.get(5).get(0)).get(1)) {
      Map<Integer, List<Object>> v = decode((byte[]) value);
      out.put(new String((byte[]) v.get(1).get(0), StandardCharsets.UTF_8),
          Float.intBitsToFloat((Integer) v.get(2).get(0)));
    }
    return out;
  }
}
