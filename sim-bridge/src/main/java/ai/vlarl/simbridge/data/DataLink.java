package ai.vlarl.simbridge.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;

/**
 * The server's end of one attached data connection: the session it belongs to, reading request
 * blocks and writing reply blocks. Used by the server's env thread only (after the handshake).
 *
 * <p>A reply is written without waiting: what the socket does not take at once stays pending, and
 * the env thread writes more whenever the connection is writable ({@link #flush}), serving the
 * other clients meanwhile; this connection's next request is read only once its reply is out.
 */
public final class DataLink implements AutoCloseable {
  /** A reply that the client takes no byte of for this long fails the connection. */
  public static final long STALL_MS = 10_000;

  private final long session;
  private final TimedChannel channel;
  private final BlockReader reader;
  private SelectionKey key;
  /** The rest of the reply being written ({@code pending[first..]}), or null. */
  private ByteBuffer[] pending;
  private int first;
  private long lastProgress;

  DataLink(long session, TimedChannel channel, long maxRequestBytes) {
    this.session = session;
    this.channel = channel;
    this.reader = new BlockReader(maxRequestBytes);
  }

  public long session() {
    return session;
  }

  /** Registers for readability with {@code selector} (the env thread's), this link attached. */
  public SelectionKey register(Selector selector) throws IOException {
    key = channel.channel().register(selector, SelectionKey.OP_READ, this);
    return key;
  }

  /**
   * The next request block once all of it has arrived, else null (call when the channel is
   * readable; never waits for the rest of a block).
   */
  public DataBlocks.Block poll() throws IOException {
    return reader.poll(channel);
  }

  /**
   * Writes the reply to request {@code id}: what the socket takes now; the rest is pending, for
   * {@link #flush} when the connection is writable.
   *
   * @return true when all of it was written
   */
  public boolean write(long id, List<ByteBuffer> frames) throws IOException {
    if (pending != null) {
      throw new IllegalStateException("a reply of session " + session + " is still being written");
    }
    pending = DataBlocks.outgoing(id, frames);
    first = 0;
    lastProgress = System.nanoTime();
    return flush();
  }

  /**
   * Writes more of the pending reply, as much as the socket takes without waiting; then waits for
   * writability (while some is left) or for the next request (when none is).
   *
   * @return true when nothing is left to write
   * @throws AsynchronousCloseException when another thread closed this link meanwhile
   */
  public boolean flush() throws IOException {
    if (pending == null) {
      return true;
    }
    if (channel.writeAvailable(pending, first) > 0) {
      lastProgress = System.nanoTime();
    }
    while (first < pending.length && !pending[first].hasRemaining()) {
      first++;
    }
    boolean done = first == pending.length;
    if (done) {
      pending = null;
    }
    if (key != null) {
      try {
        key.interestOps(done ? SelectionKey.OP_READ : SelectionKey.OP_WRITE);
      } catch (CancelledKeyException e) {
        throw new AsynchronousCloseException(); // another thread closed this link meanwhile
      }
    }
    return done;
  }

  /** Whether part of a reply waits for the client. */
  public boolean writing() {
    return pending != null;
  }

  /** Whether a reply has waited more than {@link #STALL_MS} for the client to take any byte of it. */
  public boolean stalled(long nowNanos) {
    return pending != null && nowNanos - lastProgress > STALL_MS * 1_000_000L;
  }

  /** Whether the connection is open (not closed by this side). */
  public boolean isOpen() {
    return channel.channel().isOpen();
  }

  @Override
  public void close() {
    channel.close();
  }
}
