package ai.vlarl.simbridge.wire;

import java.util.Arrays;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * Where {@link MessageEncoder} packs a header: one growing array, reused by its thread from message
 * to message. msgpack-core's own buffer packer allocates (and zeroes) a fresh 8 KiB buffer for every
 * message and gathers chunks at the end; a step reply's header is a few KiB packed once per step on
 * the server's env thread, where that allocation was a fifth of the encoding's time. The packed
 * bytes leave as a copy ({@link #toByteArray}), so a header never shares memory with the next one.
 */
final class HeaderOutput implements MessageBufferOutput {
  /** Starting size; headers of every usual message fit. */
  private static final int INITIAL = 16 * 1024;
  /** An output that grew past this is not kept for the next message (a large inline message). */
  private static final int KEEP_AT_MOST = 1 << 20;
  private static final ThreadLocal<HeaderOutput> PER_THREAD = ThreadLocal.withInitial(HeaderOutput::new);

  private byte[] bytes = new byte[INITIAL];
  /**
   * All of {@link #bytes} as a msgpack-core buffer, made once per array: {@code MessageBuffer.wrap}
   * goes through reflection, a slice does not.
   */
  private MessageBuffer whole = MessageBuffer.wrap(bytes);
  private int size;

  private HeaderOutput() {}

  /** This thread's output, emptied. */
  static HeaderOutput forThisThread() {
    HeaderOutput out = PER_THREAD.get();
    if (out.bytes.length > KEEP_AT_MOST) {
      out = new HeaderOutput();
      PER_THREAD.set(out);
    }
    out.size = 0;
    return out;
  }

  /** A copy of what was written. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void room(int more) {
    long need = (long) size + more;
    if (need > bytes.length) {
      if (need > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("a message header over 2 GiB");
      }
      bytes = Arrays.copyOf(bytes, (int) Math.max(need, Math.min(2L * bytes.length, Integer.MAX_VALUE - 8)));
      whole = MessageBuffer.wrap(bytes);
    }
  }

  /** The free tail of the array, at least {@code minimumSize} bytes, for the packer to fill. */
  @Override
  public MessageBuffer next(int minimumSize) {
    room(minimumSize);
    return whole.slice(size, bytes.length - size);
  }

  /** The packer filled {@code length} bytes of the buffer that {@link #next} gave. */
  @Override
  public void writeBuffer(int length) {
    size += length;
  }

  @Override
  public void write(byte[] buffer, int offset, int length) {
    room(length);
    System.arraycopy(buffer, offset, bytes, size, length);
    size += length;
  }

  @Override
  public void add(byte[] buffer, int offset, int length) {
    write(buffer, offset, length);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
