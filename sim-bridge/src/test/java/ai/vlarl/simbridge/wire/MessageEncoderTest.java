package ai.vlarl.simbridge.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A thread packs every header into one reused array ({@link HeaderOutput}): each message's header
 * must still be its own bytes, whatever the sizes of the messages before and after it.
 */
class MessageEncoderTest {
  private static byte[] header(List<ByteBuffer> frames) {
    ByteBuffer h = frames.get(0).duplicate();
    byte[] b = new byte[h.remaining()];
    h.get(b);
    return b;
  }

  private static Map<String, Object> message(int padBytes, byte fill) {
    byte[] pad = new byte[padBytes];
    Arrays.fill(pad, fill);
    return Map.of("pad", pad, "n", (long) padBytes);
  }

  @Test
  void headersOfConsecutiveMessagesShareNoBytes() {
    int[] sizes = {10, 40_000, 3, 2_000_000, 50, 20_000};
    List<List<ByteBuffer>> sent = new java.util.ArrayList<>();
    byte[][] copies = new byte[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      // inline: the pad stays in the header, so headers grow past the first array (16 KiB) and
      // past the size kept for the next message (1 MiB)
      List<ByteBuffer> f = MessageEncoder.encode(message(sizes[i], (byte) (i + 1)), MessageEncoder.ALWAYS_INLINE);
      sent.add(f);
      copies[i] = header(f);
    }
    for (int i = 0; i < sizes.length; i++) {
      assertArrayEquals(copies[i], header(sent.get(i)), "header " + i + " changed by a later message");
      Map<String, Object> back = MessageDecoder.decode(sent.get(i), Long.MAX_VALUE);
      assertEquals((long) sizes[i], back.get("n"));
      byte[] pad = (byte[]) back.get("pad");
      assertEquals(sizes[i], pad.length);
      for (byte b : pad) {
        assertEquals((byte) (i + 1), b);
      }
    }
  }

  @Test
  void aHeaderIsTheSameBytesAsEncodeInline() {
    Map<String, Object> m = Map.of("op", "step", "id", 7L, "body", Map.of("reward", new float[] {0.5f, -1f}));
    assertArrayEquals(MessageEncoder.encodeInline(m), header(MessageEncoder.encode(m, MessageEncoder.ALWAYS_INLINE)));
  }
}
