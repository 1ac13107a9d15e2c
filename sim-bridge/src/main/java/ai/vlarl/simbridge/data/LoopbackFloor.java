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
 *
 * <p>The answerer can first compute (spin) for a given time before each reply, as a server's env
 * thread does, while the client waits blocked: on a virtual machine, waking a thread costs more the
 * longer it has waited (its virtual CPU halts and is descheduled by the host), so a back-to-back
 * round trip understates what a reply after an env step costs.
 */
public final class LoopbackFloor implements AutoCloseable {
  private static final long STALL_MS = 10_000;
  private final ServerSocketChannel listener;
  private final TimedChannel client;
  private final Thread answerer;
  private final ByteBuffer request;
  private final ByteBuffer reply;
  /** How long the answerer computes before the next reply. */
  private volatile long computeNanos;

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

  private void answer(TimedChannel server, int requestBytes, int replyBytes) {
    ByteBuffer in = ByteBuffer.allocateDirect(requestBytes);
    ByteBuffer[] out = {ByteBuffer.allocateDirect(replyBytes)};
    try (server) {
      while (true) {
        server.awaitReadable(Long.MAX_VALUE / 2);
        server.readFully(in.clear(), STALL_MS);
        long until = System.nanoTime() + computeNanos;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        out[0].clear();
        server.writeFully(out, STALL_MS);
      }
    } catch (IOException e) {
      // the client closed the connection: done
    }
  }

  /**
   * One round trip, in nanoseconds, the answerer computing for {@code computeNanos} (included in
   * the time) before it replies.
   */
  public long roundTrip(long computeNanos) {
    if (computeNanos < 0) {
      throw new IllegalArgumentException("negative compute time " + computeNanos);
    }
    this.computeNanos = computeNanos;
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
