package ai.vlarl.simbridge.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * What a round trip on loopback TCP costs this machine with nothing else in it: a thread that
 * answers each request of {@code requestBytes} with {@code replyBytes} bytes on a plain blocking
 * socket (no protocol, no encoding, no env, warm buffers). The bridge's bench measures it beside the
 * bridge, as the floor under any bridge's own time per step: two thread wake-ups and the kernel's
 * copies of the same bytes.
 */
final class LoopbackFloor implements AutoCloseable {
  private final ServerSocketChannel listener;
  private final SocketChannel client;
  private final Thread answerer;
  private final ByteBuffer request;
  private final ByteBuffer reply;

  LoopbackFloor(int requestBytes, int replyBytes) {
    if (requestBytes < 1 || replyBytes < 1) {
      throw new IllegalArgumentException("request and reply need at least a byte, got " + requestBytes
          + " and " + replyBytes);
    }
    this.request = ByteBuffer.allocateDirect(requestBytes);
    this.reply = ByteBuffer.allocateDirect(replyBytes);
    try {
      listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      client = SocketChannel.open(listener.getLocalAddress());
      client.socket().setTcpNoDelay(true);
      SocketChannel server = listener.accept();
      server.socket().setTcpNoDelay(true);
      answerer = new Thread(() -> answer(server, requestBytes, replyBytes), "loopback-floor");
      answerer.setDaemon(true);
      answerer.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a loopback connection for the floor measurement", e);
    }
  }

  private static void answer(SocketChannel server, int requestBytes, int replyBytes) {
    ByteBuffer in = ByteBuffer.allocateDirect(requestBytes);
    ByteBuffer out = ByteBuffer.allocateDirect(replyBytes);
    try (server) {
      while (true) {
        readFully(server, in.clear());
        write(server, out.clear());
      }
    } catch (IOException e) {
      // the client closed the connection: done
    }
  }

  /** One round trip, in nanoseconds. */
  long roundTrip() {
    try {
      long t0 = System.nanoTime();
      write(client, request.clear());
      readFully(client, reply.clear());
      return System.nanoTime() - t0;
    } catch (IOException e) {
      throw new UncheckedIOException("the loopback floor connection failed", e);
    }
  }

  private static void write(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new EOFException("closed");
      }
    }
  }

  @Override
  public void close() {
    try {
      client.close();
      listener.close();
      answerer.join(2000);
    } catch (IOException ignored) {
      // closing anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
