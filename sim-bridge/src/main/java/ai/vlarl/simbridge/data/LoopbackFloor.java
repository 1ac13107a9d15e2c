package ai.vlarl.simbridge.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * What a round trip on the data connection's transport costs this machine with nothing else on it:
 * a thread that answers each request of {@code requestBytes} with {@code replyBytes} bytes, on a
 * loopback TCP connection read and written as the data connection's are ({@link TimedChannel}), but
 * with no blocks, no encoding and no env, and the same warm buffers every time. {@code vlarl bench
 * bridge} measures it beside the bridge as the floor under the bridge's own time per step: two
 * thread wake-ups and the kernel's copies of the same bytes.
 */
public final class LoopbackFloor implements AutoCloseable {
  private static final long STALL_MS = 10_000;
  private final ServerSocketChannel listener;
  private final TimedChannel client;
  private final Thread answerer;
  private final ByteBuffer request;
  private final ByteBuffer reply;

  public LoopbackFloor(int requestBytes, int replyBytes) {
    if (requestBytes < 1 || replyBytes < 1) {
      throw new IllegalArgumentException("request and reply need at least a byte, got " + requestBytes
          + " and " + replyBytes);
    }
    this.request = ByteBuffer.allocateDirect(requestBytes);
    this.reply = ByteBuffer.allocateDirect(replyBytes);
    try {
      listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      client = new TimedChannel(SocketChannel.open(listener.getLocalAddress()));
      TimedChannel server = new TimedChannel(listener.accept());
      answerer = new Thread(() -> answer(server, requestBytes, replyBytes), "loopback-floor");
      answerer.setDaemon(true);
      answerer.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a loopback connection for the floor measurement", e);
    }
  }

  private static void answer(TimedChannel server, int requestBytes, int replyBytes) {
    ByteBuffer in = ByteBuffer.allocateDirect(requestBytes);
    ByteBuffer[] out = {ByteBuffer.allocateDirect(replyBytes)};
    try (server) {
      while (true) {
        server.awaitReadable(Long.MAX_VALUE / 2);
        server.readFully(in.clear(), STALL_MS);
        out[0].clear();
        server.writeFully(out, STALL_MS);
      }
    } catch (IOException e) {
      // the client closed the connection: done
    }
  }

  /** One round trip, in nanoseconds. */
  public long roundTrip() {
    try {
      long t0 = System.nanoTime();
      client.writeFully(new ByteBuffer[] {request.clear()}, STALL_MS);
      client.awaitReadable(STALL_MS);
      client.readFully(reply.clear(), STALL_MS);
      return System.nanoTime() - t0;
    } catch (IOException e) {
      throw new UncheckedIOException("the loopback floor connection failed", e);
    }
  }

  @Override
  public void close() {
    client.close();
    try {
      listener.close();
      answerer.join(2000);
    } catch (IOException ignored) {
      // closing anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
