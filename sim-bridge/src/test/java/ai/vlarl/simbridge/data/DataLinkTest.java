package ai.vlarl.simbridge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reply larger than the socket takes at once: written without waiting, the rest as the client reads. */
class DataLinkTest {
  @Test
  void aReplyTheClientDoesNotReadStaysPendingAndCountsAsStalledAfterTheLimit() throws IOException {
    try (ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel client = SocketChannel.open(l.getLocalAddress());
        DataLink link = new DataLink(7, new TimedChannel(l.accept()), 1 << 20)) {
      ByteBuffer big = ByteBuffer.allocateDirect(64 << 20);
      assertFalse(link.write(3, List.of(big)), "64 MB do not fit in the socket buffers");
      long t1 = System.nanoTime();
      assertTrue(link.writing());
      assertFalse(link.stalled(t1));
      assertTrue(link.stalled(t1 + (DataLink.STALL_MS + 1) * 1_000_000L), "no byte taken for the limit");
      // the client reads: each flush writes more, until all of it is out
      ByteBuffer sink = ByteBuffer.allocateDirect(1 << 20);
      long received = 0;
      long total = 16 + 8 + (64 << 20);
      while (received < total) {
        link.flush();
        sink.clear();
        received += client.read(sink);
      }
      assertEquals(total, received);
      assertTrue(link.flush());
      assertFalse(link.writing());
      assertFalse(link.stalled(Long.MAX_VALUE));
    }
  }
}
