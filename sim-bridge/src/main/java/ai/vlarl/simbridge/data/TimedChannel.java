package ai.vlarl.simbridge.data;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A non-blocking TCP channel with whole-buffer reads and writes that give up after a time without
 * progress (plain NIO channels have no timeouts). Used from one thread at a time.
 */
final class TimedChannel implements AutoCloseable {
  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;

  /** Takes over {@code channel}: it is closed with this, or at once when the setup fails. */
  TimedChannel(SocketChannel channel) throws IOException {
    this.channel = channel;
    Selector s = null;
    try {
      channel.configureBlocking(false);
      channel.socket().setTcpNoDelay(true);
      s = Selector.open();
      this.key = channel.register(s, 0);
    } catch (IOException | RuntimeException e) {
      if (s != null) {
        s.close();
      }
      channel.close();
      throw e;
    }
    this.selector = s;
  }

  SocketChannel channel() {
    return channel;
  }

  /**
   * Reads until {@code buf} is full.
   *
   * @param stallMs give up when no byte arrives for this long
   * @throws EOFException when the peer closed the connection
   * @throws SocketTimeoutException after {@code stallMs} without progress
   */
  void readFully(ByteBuffer buf, long stallMs) throws IOException {
    while (buf.hasRemaining()) {
      int n = channel.read(buf);
      if (n < 0) {
        throw new EOFException("the peer closed the data connection");
      }
      if (n == 0) {
        await(SelectionKey.OP_READ, stallMs, "read");
      }
    }
  }

  /**
   * Reads what has arrived into {@code buf}, without waiting; true when {@code buf} is full.
   *
   * @throws EOFException when the peer closed the connection
   */
  boolean readAvailable(ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      int n = channel.read(buf);
      if (n < 0) {
        throw new EOFException("the peer closed the data connection");
      }
      if (n == 0) {
        return false;
      }
    }
    return true;
  }

  /** Writes all of {@code bufs}; gives up when the peer takes no byte for {@code stallMs}. */
  void writeFully(ByteBuffer[] bufs, long stallMs) throws IOException {
    int first = 0;
    while (first < bufs.length) {
      long n = channel.write(bufs, first, bufs.length - first);
      while (first < bufs.length && !bufs[first].hasRemaining()) {
        first++;
      }
      if (n == 0 && first < bufs.length) {
        await(SelectionKey.OP_WRITE, stallMs, "write");
      }
    }
  }

  /** Writes what the socket takes now of {@code bufs[first..]}, without waiting; returns the bytes written. */
  long writeAvailable(ByteBuffer[] bufs, int first) throws IOException {
    return channel.write(bufs, first, bufs.length - first);
  }

  /** Waits up to {@code ms} for bytes (or the peer's close) to arrive; false when none did. */
  boolean awaitReadable(long ms) throws IOException {
    if (ms <= 0) {
      return false;
    }
    return ready(SelectionKey.OP_READ, ms);
  }

  private void await(int op, long stallMs, String what) throws IOException {
    long deadline = System.nanoTime() + stallMs * 1_000_000L;
    while (!ready(op, Math.max(1, (deadline - System.nanoTime()) / 1_000_000L))) {
      if (System.nanoTime() >= deadline) {
        throw new SocketTimeoutException("data connection " + what + " stalled for " + stallMs + " ms");
      }
    }
  }

  /**
   * Waits up to {@code ms} for {@code op}; false when the time passed first.
   *
   * @throws AsynchronousCloseException when another thread closed this channel meanwhile (a newer
   *     connection for the same session replaced it)
   */
  private boolean ready(int op, long ms) throws IOException {
    try {
      key.interestOps(op);
      try {
        return selector.select(ms) > 0;
      } finally {
        key.interestOps(0);
        selector.selectedKeys().clear();
      }
    } catch (ClosedSelectorException | CancelledKeyException e) {
      throw new AsynchronousCloseException();
    }
  }

  @Override
  public void close() {
    try {
      selector.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
