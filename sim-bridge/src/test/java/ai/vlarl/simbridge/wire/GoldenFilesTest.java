package ai.vlarl.simbridge.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java encoder writes byte for byte what msgpack-numpy writes (the inline golden files under
 * sim-bridge/golden/ come from {@code msgpack_numpy.packb(value, use_bin_type=True)}, see
 * python/tests/make_golden.py; the multi-frame {@code step_reply.*.bin}, from the Python codec, are
 * checked against {@code msgpack.packb} of the documented frame map in test_codec.py), and the
 * decoder reads those files back, refusing the bad ones.
 */
class GoldenFilesTest {
  static final Path GOLDEN = Path.of("golden");

  static byte[] golden(String name) throws IOException {
    return Files.readAllBytes(GOLDEN.resolve(name));
  }

  static WireArray le(NumpyDtype t, int[] shape, ByteBuffer filled) {
    return new WireArray(t, shape, filled.flip());
  }

  static ByteBuffer buf(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The same values as golden_cases.arrays(). */
  static Map<String, Object> arrays() {
    Map<String, Object> m = new LinkedHashMap<>();
    ByteBuffer f4 = buf(24);
    for (float v : new float[] {1.5f, -2f, 0.25f, 3f, 4f, 5f}) {
      f4.putFloat(v);
    }
    m.put("f4", le(NumpyDtype.FLOAT32, new int[] {2, 3}, f4));
    ByteBuffer u1 = buf(12);
    for (int i = 0; i < 12; i++) {
      u1.put((byte) i);
    }
    m.put("u1", le(NumpyDtype.UINT8, new int[] {2, 2, 1, 3}, u1));
    m.put("b1", WireArray.ofBooleans(new boolean[] {true, false, true}));
    m.put("i4", WireArray.ofInts(new int[] {-1, 0, Integer.MAX_VALUE}));
    m.put("i8", WireArray.ofLongs(new long[] {Long.MIN_VALUE, 42}));
    m.put("f8", WireArray.ofDoubles(new double[] {0.1}));
    m.put("empty", new WireArray(NumpyDtype.FLOAT32, new int[] {0, 3}, ByteBuffer.allocate(0)));
    return m;
  }

  @Test
  void arraysEncodeExactlyAsMsgpackNumpy() throws IOException {
    assertArrayEquals(golden("arrays.msgpack"), MessageEncoder.encodeInline(arrays()));
  }

  @Test
  void arraysDecodeFromMsgpackNumpy() throws IOException {
    Object v = MessageDecoder.decodeValue(golden("arrays.msgpack"));
    assertEquals(arrays(), v);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertArrayEquals(new float[] {1.5f, -2f, 0.25f, 3f, 4f, 5f}, ((WireArray) m.get("f4")).toFloats("f4"));
    assertArrayEquals(new long[] {Long.MIN_VALUE, 42}, ((WireArray) m.get("i8")).toLongs("i8"));
    assertArrayEquals(new boolean[] {true, false, true}, ((WireArray) m.get("b1")).toBooleans("b1"));
  }

  @Test
  void plainValuesEncodeAsPythonMsgpack() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nil", null);
    m.put("t", true);
    m.put("small", 7);
    m.put("neg", -33);
    m.put("big", 1L << 40);
    m.put("pi", 3.25);
    m.put("s", "k\u00e4se");
    m.put("list", List.of(1, "a", List.of(2.5)));
    m.put("bin", new byte[] {0, 1});
    assertArrayEquals(golden("values.msgpack"), MessageEncoder.encodeInline(m));
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) MessageDecoder.decodeValue(golden("values.msgpack"));
    assertNull(back.get("nil"));
    assertEquals(7L, back.get("small"));
    assertEquals(-33L, back.get("neg"));
    assertEquals(3.25, back.get("pi"));
    assertEquals("k\u00e4se", back.get("s"));
    assertEquals(List.of(1L, "a", List.of(2.5)), back.get("list"));
    assertArrayEquals(new byte[] {0, 1}, (byte[]) back.get("bin"));
  }

  @Test
  void stepRequestHeaderIsMsgpackNumpy() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", 1);
    m.put("op", "step");
    m.put("id", 7);
    m.put("session", 12345678901L);
    m.put("server", "a1b2");
    float[] a = new float[12];
    for (int i = 0; i < 12; i++) {
      a[i] = (float) (-1 + 2.0 * i / 11); // numpy.linspace(-1, 1, 12) in float32
    }
    m.put("body", Map.of("actions", new WireArray(NumpyDtype.FLOAT32, new int[] {2, 2, 3},
        WireArray.ofFloats(a).data())));
    List<ByteBuffer> frames = MessageEncoder.encode(m, MessageEncoder.DEFAULT_INLINE_LIMIT);
    assertEquals(1, frames.size());
    assertArrayEquals(golden("step_request.msgpack"), bytes(frames.get(0)));
  }

  @Test
  void largeArraysTravelAsSeparateFrames() throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    ByteBuffer img = buf(96);
    for (int i = 0; i < 96; i++) {
      img.put((byte) i);
    }
    body.put("image", le(NumpyDtype.UINT8, new int[] {2, 4, 4, 3}, img));
    body.put("reward", new float[] {0.5f, 1f});
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", 1);
    m.put("id", 7);
    m.put("op", "step");
    m.put("ok", true);
    m.put("server", "a1b2");
    m.put("body", body);
    List<ByteBuffer> frames = MessageEncoder.encode(m, 64);
    assertEquals(2, frames.size());
    assertArrayEquals(golden("step_reply.0.bin"), bytes(frames.get(0)));
    assertArrayEquals(golden("step_reply.1.bin"), bytes(frames.get(1)));

    Map<String, Object> back = MessageDecoder.decode(
        List.of(ByteBuffer.wrap(golden("step_reply.0.bin")), ByteBuffer.wrap(golden("step_reply.1.bin"))), 1 << 20);
    @SuppressWarnings("unchecked")
    Map<String, Object> b = (Map<String, Object>) back.get("body");
    assertEquals(body.get("image"), b.get("image"));
    assertArrayEquals(new float[] {0.5f, 1f}, ((WireArray) b.get("reward")).toFloats("reward"));
  }

  @Test
  void numpyScalarsDecodeToPlainValues() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) MessageDecoder.decodeValue(golden("numpy_scalars.msgpack"));
    assertEquals(1.5, m.get("x"));
    assertEquals(-3L, m.get("n"));
    assertEquals(true, m.get("b"));
  }

  @Test
  void objectStructuredAndBigEndianArraysAreRefused() throws IOException {
    WireException obj = assertThrows(WireException.class,
        () -> MessageDecoder.decodeValue(golden("object_array.msgpack")));
    assertEquals(ErrorCode.OBJECT_ARRAY, obj.code());
    assertTrue(obj.getMessage().contains("message.bad"), obj.getMessage());
    WireException st = assertThrows(WireException.class,
        () -> MessageDecoder.decodeValue(golden("structured.msgpack")));
    assertEquals(ErrorCode.BAD_ARRAY, st.code());
    assertTrue(st.getMessage().contains("structured"), st.getMessage());
    WireException be = assertThrows(WireException.class,
        () -> MessageDecoder.decodeValue(golden("big_endian.msgpack")));
    assertEquals(ErrorCode.BAD_ARRAY, be.code());
    assertTrue(be.getMessage().contains("big-endian dtype '>i4'"), be.getMessage());
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
