package ai.vlarl.simbridge.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages on a data connection (PROTOCOL.md, "Data connection"): each is a block that carries
 * the request id and the message's frames (header first), exactly the frames it would have as a
 * ZeroMQ message.
 */
public final class DataBlocks {
  private DataBlocks() {}

  /**
   * A message read from a data connection: the request id and its frames, which are slices of
   * {@code memory}.
   */
  public record Block(long id, List<ByteBuffer> frames, ByteBuffer memory) {}

  /** Writes {@code frames} as the block of request {@code id} (gathering, no copy of the frames). */
  static void write(TimedChannel ch, long id, List<ByteBuffer> frames, long stallMs) throws IOException {
    ch.writeFully(outgoing(id, frames), stallMs);
  }

  /** The buffers of request {@code id}'s block of {@code frames}: its head, then views of the frames. */
  static ByteBuffer[] outgoing(long id, List<ByteBuffer> frames) {
    if (frames.isEmpty() || frames.size() > DataFormat.MAX_FRAMES) {
      throw new IllegalArgumentException("a block of " + frames.size() + " frames");
    }
    ByteBuffer[] out = new ByteBuffer[frames.size() + 1];
    ByteBuffer head = DataFormat.le(DataFormat.BLOCK_HEAD_BYTES + 8 * frames.size());
    head.putInt(DataFormat.BLOCK_MAGIC).putInt(frames.size()).putLong(id);
    for (int i = 0; i < frames.size(); i++) {
      head.putLong(frames.get(i).remaining());
      out[i + 1] = frames.get(i).duplicate();
    }
    out[0] = head.flip();
    return out;
  }

  /**
   * Reads the next block. Its frames are slices of one direct buffer, from {@code buffers} or new
   * when that is null.
   *
   * @param maxBytes the largest block accepted (all frames together)
   * @throws IOException when the connection fails or stalls, or the stream is not made of blocks
   *     (then the connection is of no further use)
   */
  static Block read(TimedChannel ch, long maxBytes, long stallMs, ReceiveBuffers buffers) throws IOException {
    ByteBuffer head = DataFormat.le(DataFormat.BLOCK_HEAD_BYTES);
    ch.readFully(head, stallMs);
    int n = frameCount(head.flip());
    long id = head.getLong();
    ByteBuffer lengths = DataFormat.le(8 * n);
    ch.readFully(lengths, stallMs);
    long[] len = frameLengths(lengths.flip(), n, maxBytes);
    ByteBuffer all = memory(len, buffers);
    ch.readFully(all, stallMs);
    return block(id, len, all);
  }

  /** Checks a block head (position at its start) and returns its frame count; leaves the id to read. */
  static int frameCount(ByteBuffer head) throws IOException {
    if (head.getInt() != DataFormat.BLOCK_MAGIC) {
      throw new IOException("the data connection is out of step (no block magic)");
    }
    int n = head.getInt();
    if (n < 1 || n > DataFormat.MAX_FRAMES) {
      throw new IOException("a data block of " + n + " frames (1.." + DataFormat.MAX_FRAMES + " allowed)");
    }
    return n;
  }

  /** Reads and checks {@code n} frame lengths: each and all together at most {@code maxBytes}. */
  static long[] frameLengths(ByteBuffer lengths, int n, long maxBytes) throws IOException {
    long[] len = new long[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      len[i] = lengths.getLong();
      if (len[i] < 0 || len[i] > maxBytes) {
        throw new IOException("a data block frame of " + len[i] + " bytes (limit " + maxBytes + ")");
      }
      total += len[i];
    }
    if (total > maxBytes || total > Integer.MAX_VALUE - 8) {
      throw new IOException("a data block of " + total + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    return len;
  }

  /** A buffer for frames of these lengths: from {@code buffers}, or a new direct one when that is null. */
  static ByteBuffer memory(long[] len, ReceiveBuffers buffers) {
    int total = 0;
    for (long l : len) {
      total += (int) l;
    }
    return buffers != null ? buffers.take(total) : ByteBuffer.allocateDirect(total);
  }

  /** The block whose frames (of these lengths) fill {@code all}. */
  static Block block(long id, long[] len, ByteBuffer all) {
    List<ByteBuffer> frames = new ArrayList<>(len.length);
    int at = 0;
    for (long l : len) {
      frames.add(all.slice(at, (int) l));
      at += (int) l;
    }
    return new Block(id, frames, all);
  }
}
