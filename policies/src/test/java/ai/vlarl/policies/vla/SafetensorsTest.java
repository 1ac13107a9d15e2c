package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTest {

  /** Header length (8 bytes LE), the header padded with spaces to 8 bytes, then the data. */
  private static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    int padded = (h.length + 7) / 8 * 8;
    ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(padded).put(h);
    for (int i = h.length; i < padded; i++) {
      b.put((byte) ' ');
    }
    return b.put(data).array();
  }

  private static byte[] floatsLe(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  @Test
  void writesTheGoldenBytes() throws IOException {
    Map<String, Safetensors.F32> t = new LinkedHashMap<>();
    t.put("w", new Safetensors.F32(new long[] {2, 1}, new float[] {1f, -2f}));
    t.put("b", new Safetensors.F32(new long[] {1}, new float[] {0.5f}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Safetensors.write(out, Map.of("k", "v"), t);
    // 26 + 56 + 53 = 135 header bytes, padded to 136; 1.0 = 0x3f800000, -2.0 = 0xc0000000, 0.5 = 0x3f000000 (LE)
    String header =
        "{\"__metadata__\":{\"k\":\"v\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
    assertEquals(135, header.length());
    byte[] expected = file(header, floatsLe(1f, -2f, 0.5f));
    assertEquals(8 + 136 + 12, expected.length);
    assertArrayEquals(expected, out.toByteArray());
  }

  @Test
  void readsFloatFormatsAndKeepsOrderAndMetadata() throws IOException {
    // F16 0x3c00 = 1.0, 0xc000 = -2.0; BF16 0x3f80 = 1.0, 0x4049 = 3.140625; U8 raw
    String header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
            + "\"u\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[8,11]},"
            + "\"__metadata__\":{\"format\":\"x\"}}";
    byte[] data = {0x00, 0x3c, 0x00, (byte) 0xc0, (byte) 0x80, 0x3f, 0x49, 0x40, 7, 8, 9};
    Safetensors.Contents c = Safetensors.read(new ByteArrayInputStream(file(header, data)), "mem");
    assertEquals(java.util.List.of("h", "bf", "u"), java.util.List.copyOf(c.tensors().keySet()));
    assertArrayEquals(new float[] {1f, -2f}, c.tensors().get("h").toFloats());
    assertArrayEquals(new float[] {1f, 3.140625f}, c.tensors().get("bf").toFloats());
    assertArrayEquals(new byte[] {7, 8, 9}, c.tensors().get("u").toBytes());
    assertEquals("x", c.metadata().get("format"));
    assertEquals(0x1p-24f, Safetensors.halfToFloat((short) 0x0001)); // smallest subnormal
    assertEquals(65504f, Safetensors.halfToFloat((short) 0x7bff)); // largest normal
  }

  @Test
  void malformedFilesAreRefusedNamingTheTensor() {
    assertMessage("not a safetensors file (shorter than 8 bytes)", new byte[] {1, 2});
    assertMessage(
        "tensor 'w' occupies 4 bytes but F32[2] needs 8",
        file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]));
    assertMessage(
        "tensor 'w' has unsupported dtype Q4",
        file("{\"w\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]));
    assertMessage(
        "truncated data (tensors need 8 bytes after the header)",
        file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[5]));
    assertMessage(
        "tensors 'a' and 'b' overlap",
        file(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
            new byte[8]));
    assertMessage("header is not valid JSON", file("{\"w\":", new byte[0]));
  }

  private static void assertMessage(String part, byte[] bytes) {
    var e =
        assertThrows(
            IOException.class, () -> Safetensors.read(new ByteArrayInputStream(bytes), "f.safetensors"));
    assertTrue(e.getMessage().contains(part), e.getMessage());
    assertTrue(e.getMessage().startsWith("f.safetensors: "), e.getMessage());
  }
}
