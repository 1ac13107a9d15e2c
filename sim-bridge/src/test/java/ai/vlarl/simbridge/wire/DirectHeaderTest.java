package ai.vlarl.simbridge.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Headers received into direct buffers decode without reaching JDK internals. JeroMQ can hand
 * a received frame over in a direct buffer; msgpack-core's own direct-buffer
 * path needs {@code sun.nio.ch.DirectBuffer}, which JDK 17 does not open to it (IllegalAccessError
 * in MessageDecoder before the fix, with no {@code --add-opens} flag given — this test JVM has none).
 */
class DirectHeaderTest {

  private static ByteBuffer direct(ByteBuffer heap) {
    ByteBuffer d = ByteBuffer.allocateDirect(heap.remaining());
    d.put(heap.duplicate()).flip();
    return d;
  }

  @Test
  void aLargeHeaderInADirectBufferDecodes() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", "x".repeat(3000));
    m.put("n", 7L);
    m.put("img", new WireArray(NumpyDtype.UINT8, new int[] {2, 2}, ByteBuffer.wrap(new byte[] {1, 2, 3, 4})));
    List<ByteBuffer> heap = MessageEncoder.encode(m, 0); // every array in a frame of its own
    ByteBuffer header = direct(heap.get(0));
    // a direct buffer whose position is not 0 (a slice of a larger receive buffer)
    ByteBuffer big = ByteBuffer.allocateDirect(header.remaining() + 5);
    big.position(5);
    big.put(header.duplicate());
    big.position(5);
    for (ByteBuffer h : List.of(header, big.slice(), big)) {
      Map<String, Object> got = MessageDecoder.decode(List.of(h, direct(heap.get(1))), 1 << 20);
      assertEquals("x".repeat(3000), got.get("task"));
      assertEquals(7L, got.get("n"));
      WireArray img = (WireArray) got.get("img");
      byte[] px = new byte[4];
      img.data().get(px);
      assertArrayEquals(new byte[] {1, 2, 3, 4}, px);
    }
    assertEquals(5, big.position(), "the caller's buffer is left as it was");
  }
}
