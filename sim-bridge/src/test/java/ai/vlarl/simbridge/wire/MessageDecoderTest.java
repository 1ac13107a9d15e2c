package ai.vlarl.simbridge.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Malformed input is refused with the right code and a message naming the problem. */
class MessageDecoderTest {
  private static WireException refuse(List<ByteBuffer> frames, long max) {
    return assertThrows(WireException.class, () -> MessageDecoder.decode(frames, max));
  }

  private static List<ByteBuffer> frames(byte[]... f) {
    return java.util.Arrays.stream(f).map(ByteBuffer::wrap).toList();
  }

  @Test
  void garbageIsABadMessage() {
    // 0xc1 is the one byte msgpack never uses
    WireException e = refuse(frames(new byte[] {(byte) 0xc1, 1, 2}), 1000);
    assertEquals(ErrorCode.BAD_MESSAGE, e.code());
    // a map header announcing 15 entries, then nothing
    assertEquals(ErrorCode.BAD_MESSAGE, refuse(frames(new byte[] {(byte) 0x8f}), 1000).code());
    // a valid value that is not a map
    WireException notMap = refuse(frames(MessageEncoder.encodeInline(List.of(1, 2))), 1000);
    assertTrue(notMap.getMessage().contains("not a msgpack map"), notMap.getMessage());
    // trailing bytes after the map
    byte[] ok = MessageEncoder.encodeInline(Map.of("a", 1));
    byte[] trailing = java.util.Arrays.copyOf(ok, ok.length + 1);
    assertTrue(refuse(frames(trailing), 1000).getMessage().contains("trailing"));
    assertEquals(ErrorCode.BAD_MESSAGE, refuse(List.of(), 1000).code());
  }

  @Test
  void oversizedMessagesAreTooLarge() {
    byte[] big = MessageEncoder.encodeInline(Map.of("pad", new byte[2000]));
    WireException e = refuse(frames(big), 1000);
    assertEquals(ErrorCode.TOO_LARGE, e.code());
    assertTrue(e.getMessage().contains("limit of 1000 bytes"), e.getMessage());
  }

  /** {@code {"x": <msgpack-numpy uint8 array of this shape with no data>}}, packed by hand. */
  private static byte[] emptyArrayOfShape(long... shape) throws java.io.IOException {
    org.msgpack.core.MessageBufferPacker p = org.msgpack.core.MessagePack.newDefaultBufferPacker();
    p.packMapHeader(1).packString("x").packMapHeader(5);
    p.packBinaryHeader(2).writePayload("nd".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).packBoolean(true);
    p.packBinaryHeader(4).writePayload("type".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).packString("|u1");
    p.packBinaryHeader(4).writePayload("kind".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).packBinaryHeader(0);
    p.packBinaryHeader(5).writePayload("shape".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    p.packArrayHeader(shape.length);
    for (long d : shape) {
      p.packLong(d);
    }
    p.packBinaryHeader(4).writePayload("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).packBinaryHeader(0);
    return p.toByteArray();
  }

  @Test
  void impossibleShapesAreBadArrays() throws Exception {
    // 65536^4 = 2^64 elements: long arithmetic would wrap to 0 and match the empty data
    WireException huge = refuse(frames(emptyArrayOfShape(65536, 65536, 65536, 65536)), 1000);
    assertEquals(ErrorCode.BAD_ARRAY, huge.code());
    assertTrue(huge.getMessage().contains("more elements than any message can hold"), huge.getMessage());
    long[] deep = new long[33];
    java.util.Arrays.fill(deep, 1);
    WireException rank = refuse(frames(emptyArrayOfShape(deep)), 1000);
    assertEquals(ErrorCode.BAD_ARRAY, rank.code());
    assertTrue(rank.getMessage().contains("has 33 dimensions; at most 32"), rank.getMessage());
  }

  @Test
  void frameReferencesMustBeValidAndComplete() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", new byte[0]);
    m.put("img", new WireArray(NumpyDtype.UINT8, new int[] {4}, ByteBuffer.wrap(new byte[] {1, 2, 3, 4})));
    List<ByteBuffer> f = MessageEncoder.encode(m, 4);
    assertEquals(2, f.size());
    // the frame is missing
    assertTrue(refuse(f.subList(0, 1), 1000).getMessage().contains("frame 1 does not exist"));
    // an extra unreferenced frame
    WireException extra = refuse(List.of(f.get(0), f.get(1), ByteBuffer.wrap(new byte[3])), 1000);
    assertTrue(extra.getMessage().contains("frame 2 is not referenced"), extra.getMessage());
    // the frame is shorter than the shape needs
    WireException shortFrame = refuse(List.of(f.get(0), ByteBuffer.wrap(new byte[3])), 1000);
    assertEquals(ErrorCode.BAD_ARRAY, shortFrame.code());
    assertTrue(shortFrame.getMessage().contains("message.img: 3 bytes of data do not fill |u1[4]"),
        shortFrame.getMessage());
  }

  @Test
  void typedAccessorsNameTheField() {
    WireArray f8 = WireArray.ofDoubles(new double[] {1});
    WireException e = assertThrows(WireException.class, () -> f8.toFloats("body.actions"));
    assertEquals("body.actions must be <f4, got <f8", e.getMessage());
    WireArray u64 = new WireArray(NumpyDtype.UINT64, new int[] {1},
        ByteBuffer.wrap(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}));
    assertTrue(assertThrows(WireException.class, () -> u64.toLongs("seeds")).getMessage()
        .contains("seeds[0] = 18446744073709551615 does not fit"));
  }

  @Test
  void errorsNameTheValuesPathThroughMapsAndLists() {
    // body.obs.instructions[1] holds a map with an object array: the error names the whole path
    byte[] header = MessageEncoder.encodeInline(Map.of("body", Map.of("obs", Map.of("instructions",
        List.of("reach", Map.of("x", WireArray.ofInts(new int[] {1})))))));
    // swap the inline array's kind (b'') for b'O', which makes it an object array
    int kind = indexOf(header, new byte[] {(byte) 0xc4, 4, 'k', 'i', 'n', 'd', (byte) 0xc4, 0});
    byte[] object = new byte[header.length + 1];
    System.arraycopy(header, 0, object, 0, kind + 7);
    object[kind + 7] = 1;
    object[kind + 8] = 'O';
    System.arraycopy(header, kind + 8, object, kind + 9, header.length - kind - 8);
    WireException e = refuse(frames(object), 10_000);
    assertEquals(ErrorCode.OBJECT_ARRAY, e.code());
    assertTrue(e.getMessage().startsWith("message.body.obs.instructions[1].x: object arrays"), e.getMessage());
  }

  @Test
  void stringsAreUtf8AndMalformedBytesAreReplaced() {
    String text = "place the caf\u00e9 mug \u2713";
    assertEquals(Map.of("t", text), MessageDecoder.decode(frames(MessageEncoder.encodeInline(Map.of("t", text))), 1000));
    // a fixstr of 2 bytes that are not UTF-8 (0xff 0xfe): decoded with replacement characters, as
    // msgpack-core's unpackString does by default, not refused
    byte[] malformed = {(byte) 0x81, (byte) 0xa1, 't', (byte) 0xa2, (byte) 0xff, (byte) 0xfe};
    assertEquals(Map.of("t", "\ufffd\ufffd"), MessageDecoder.decode(frames(malformed), 1000));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
