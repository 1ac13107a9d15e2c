package ai.vlarl.drivers.ur;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The RTDE wire format, from Universal Robots' public RTDE guide: every package is {@code [size:
 * uint16][type: uint8][payload]}, big-endian, {@code size} counting the 3 header bytes. Package
 * types are ASCII letters.
 */
public final class Rtde {
  /** 'V': request protocol version (uint16) / accepted (uint8). */
  public static final int REQUEST_PROTOCOL_VERSION = 'V';
  /** 'v': controller version: major, minor, bugfix, build (4 × uint32). */
  public static final int GET_URCONTROL_VERSION = 'v';
  /** 'M': text message (v2: uint8 length, message, uint8 length, source, uint8 level). */
  public static final int TEXT_MESSAGE = 'M';
  /** 'U': data package: uint8 recipe id, then the recipe's fields. */
  public static final int DATA_PACKAGE = 'U';
  /** 'O': setup outputs (v2: double frequency, comma-separated names) / recipe id, types. */
  public static final int CONTROL_PACKAGE_SETUP_OUTPUTS = 'O';
  /** 'I': setup inputs (comma-separated names) / recipe id, types. */
  public static final int CONTROL_PACKAGE_SETUP_INPUTS = 'I';
  /** 'S': start synchronization / accepted (uint8). */
  public static final int CONTROL_PACKAGE_START = 'S';
  /** 'P': pause synchronization / accepted (uint8). */
  public static final int CONTROL_PACKAGE_PAUSE = 'P';
  /** The protocol version this client speaks (recipe ids and output frequency). */
  public static final int PROTOCOL_VERSION = 2;
  /** Text message levels. */
  public static final String[] LEVELS = {"exception", "error", "warning", "info"};

  private Rtde() {}

  /** One package: its type and payload (header removed). */
  public record Package(int type, byte[] payload) {
    public ByteBuffer buffer() {
      return ByteBuffer.wrap(payload);
    }
  }

  /** Encodes a package. */
  public static byte[] encode(int type, byte[] payload) {
    int size = 3 + payload.length;
    if (size > 0xffff) {
      throw new IllegalArgumentException("RTDE package of " + size + " bytes exceeds 65535");
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putShort((short) size).put((byte) type).put(payload);
    return b.array();
  }

  /** Reads one package; throws {@link java.io.EOFException} at the end of the stream. */
  public static Package read(DataInputStream in) throws IOException {
    int size = in.readUnsignedShort();
    int type = in.readUnsignedByte();
    if (size < 3) {
      throw new IOException("RTDE package of size " + size + " (the header alone is 3 bytes)");
    }
    byte[] payload = new byte[size - 3];
    in.readFully(payload);
    return new Package(type, payload);
  }
}
