package ai.vlarl.simbridge.data;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Assembles request blocks from a non-blocking channel without waiting for them: each {@link
 * #poll} takes the bytes that have arrived and returns a block once all of it is there. A server's
 * env thread serves every client, so it must not wait on one client's slow or unfinished block.
 * Reads never go past the block being assembled: the next block's bytes stay in the socket.
 */
final class BlockReader {
  private final long maxBytes;
  private final ByteBuffer head = DataFormat.le(DataFormat.BLOCK_HEAD_BYTES);
  private int frames;
  private long id;
  private ByteBuffer lengths;
  private long[] len;
  private ByteBuffer body;

  /** @param maxBytes the largest block accepted (all frames together) */
  BlockReader(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The next block once it has fully arrived, else null (call again when the channel is readable).
   *
   * @throws IOException when the peer closed the connection, or the stream is not made of blocks
   */
  DataBlocks.Block poll(TimedChannel ch) throws IOException {
    if (lengths == null) {
      if (!ch.readAvailable(head)) {
        return null;
      }
      frames = DataBlocks.frameCount(head.flip());
      id = head.getLong();
      lengths = DataFormat.le(8 * frames);
    }
    if (body == null) {
      if (!ch.readAvailable(lengths)) {
        return null;
      }
      len = DataBlocks.frameLengths(lengths.flip(), frames, maxBytes);
      body = DataBlocks.memory(len, null);
    }
    if (!ch.readAvailable(body)) {
      return null;
    }
    DataBlocks.Block b = DataBlocks.block(id, len, body);
    head.clear();
    lengths = null;
    body = null;
    return b;
  }
}
