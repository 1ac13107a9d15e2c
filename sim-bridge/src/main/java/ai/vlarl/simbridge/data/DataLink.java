package ai.vlarl.simbridge.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;

/**
 * The server's end of one attached data connection: the session it belongs to, reading request
 * blocks and writing reply blocks. Used by the server's env thread only (after the handshake).
 */
public final class DataLink implements AutoCloseable {
  /** A reply write that makes no progress for this long fails the connection. */
  static final long STALL_MS = 10_000;

  private final long session;
  private final TimedChannel channel;
  private final BlockReader reader;

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
    return channel.channel().register(selector, SelectionKey.OP_READ, this);
  }

  /**
   * The next request block once all of it has arrived, else null (call when the channel is
   * readable; never waits for the rest of a block).
   */
  public DataBlocks.Block poll() throws IOException {
    return reader.poll(channel);
  }

  /** Writes the reply to request {@code id}. */
  public void write(long id, List<ByteBuffer> frames) throws IOException {
    DataBlocks.write(channel, id, frames, STALL_MS);
  }

  @Override
  public void close() {
    channel.close();
  }
}
