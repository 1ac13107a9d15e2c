package ai.vlarl.simbridge.data;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The direct buffers that a client receives data-connection replies into, reused once the reply's
 * user hands them back ({@link ai.vlarl.framework.env.VectorEnv#release}). A new direct buffer is
 * zeroed and, until a GC frees old ones, backed by fresh pages: side by side in {@code bench
 * bridge} (N = 64, rgb 64x64), receiving a 0.8 MB reply took ~330 us into a new buffer against
 * ~200 us into a reused one. Keeps at most {@value #KEEP} buffers. A new buffer has room to spare
 * ({@value #SPARE_PERCENT}% and 64 KiB), since step replies grow with the final observations of the
 * episodes that ended; a buffer is reused for a block that fits in it and is at least half its size
 * less 64 KiB. Thread-safe.
 */
public final class ReceiveBuffers {
  static final int KEEP = 2;
  static final int SPARE_PERCENT = 25;
  private static final int SLACK = 64 * 1024;
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

  /** A buffer for a block of {@code bytes} (position 0, limit {@code bytes}): a pooled one or a new one. */
  synchronized ByteBuffer take(int bytes) {
    for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
      ByteBuffer b = it.next();
      if (b.capacity() >= bytes && b.capacity() <= 2L * (bytes + SLACK)) {
        it.remove();
        return b.clear().limit(bytes);
      }
    }
    long room = bytes + bytes * (long) SPARE_PERCENT / 100 + SLACK;
    return ByteBuffer.allocateDirect((int) Math.min(room, Integer.MAX_VALUE - 8)).limit(bytes);
  }

  /**
   * Hands back a buffer that {@link #take} gave and that no one reads any more. A buffer already
   * here is not added twice; beyond {@value #KEEP}, the oldest is dropped (a GC frees it).
   */
  public synchronized void give(ByteBuffer b) {
    for (ByteBuffer x : free) {
      if (x == b) {
        return;
      }
    }
    if (free.size() == KEEP) {
      free.removeFirst();
    }
    free.addLast(b);
  }
}
