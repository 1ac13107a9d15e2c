package ai.vlarl.framework.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TensorFlow's record framing, as TensorBoard reads event files: each record is
 *
 * <pre>
 *   uint64 length             (little-endian)
 *   uint32 masked_crc32c(length bytes)
 *   byte   data[length]
 *   uint32 masked_crc32c(data)
 * </pre>
 *
 * where {@code masked(c) = ((c >>> 15) | (c << 17)) + 0xa282ead8} (mod 2³²) over CRC-32C
 * (Castagnoli).
 */
public final class TfRecords {
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecords() {}

  /** CRC-32C of {@code data[off, off + len)}. */
  public static int crc32c(byte[] data, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(data, off, len);
    return (int) c.getValue();
  }

  /** The masked CRC-32C TensorFlow stores. */
  public static int maskedCrc(byte[] data, int off, int len) {
    int crc = crc32c(data, off, len);
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  /** Writes one record holding {@code data}. */
  public static void write(OutputStream out, byte[] data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(data.length);
    header.putInt(maskedCrc(header.array(), 0, 8));
    ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(maskedCrc(data, 0, data.length));
    out.write(header.array());
    out.write(data);
    out.write(footer.array());
  }
}
