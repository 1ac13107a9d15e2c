package ai.vlarl.simbridge.data;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * The client's end of a data connection (PROTOCOL.md, "Data connection"): connects, attaches to a
 * session, sends request blocks and reads reply blocks. Not thread-safe.
 */
public final class DataClient implements AutoCloseable {
  private final TimedChannel channel;

  private DataClient(TimedChannel channel) {
    this.channel = channel;
  }

  /**
   * Connects to the data port of the server at {@code zmqAddress} and attaches to {@code session}.
   *
   * @param zmqAddress the ZeroMQ address the client connected to ({@code tcp://host:port})
   * @throws IOException when the connection or the handshake fails, or the server refuses it
   */
  public static DataClient attach(String zmqAddress, int port, long token, long session, long timeoutMs)
      throws IOException {
    String host = DataListener.hostOf(zmqAddress);
    if (host == null || host.equals("0.0.0.0")) {
      throw new IOException("no data connection for " + zmqAddress + " (not a tcp:// host address)");
    }
    SocketChannel raw = SocketChannel.open();
    TimedChannel ch = null;
    try {
      raw.socket().connect(new InetSocketAddress(host, port), (int) timeoutMs);
      ch = new TimedChannel(raw);
      ch.writeFully(new ByteBuffer[] {DataFormat.handshake(token, session)}, timeoutMs);
      ByteBuffer answer = DataFormat.le(DataFormat.ANSWER_BYTES);
      ch.readFully(answer, timeoutMs);
      answer.flip();
      int magic = answer.getInt();
      int status = answer.getInt();
      if (magic != DataFormat.HANDSHAKE_MAGIC || status != DataFormat.ATTACHED) {
        throw new IOException("the server refused the data connection: "
            + (magic != DataFormat.HANDSHAKE_MAGIC ? "not a data port" : DataFormat.statusName(status)));
      }
      return new DataClient(ch);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      } else {
        raw.close();
      }
      throw e;
    }
  }

  /** Sends request {@code id}'s frames. */
  public void send(long id, List<ByteBuffer> frames, long stallMs) throws IOException {
    DataBlocks.write(channel, id, frames, stallMs);
  }

  /** Waits up to {@code ms} for a reply to start arriving (or the connection to close). */
  public boolean awaitReadable(long ms) throws IOException {
    return channel.awaitReadable(ms);
  }

  /** The next reply block, received into a buffer from {@code buffers}. */
  public DataBlocks.Block read(long maxBytes, long stallMs, ReceiveBuffers buffers) throws IOException {
    return DataBlocks.read(channel, maxBytes, stallMs, buffers);
  }

  @Override
  public void close() {
    channel.close();
  }
}
