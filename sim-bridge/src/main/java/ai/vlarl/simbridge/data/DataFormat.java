package ai.vlarl.simbridge.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte layout of the data connection (PROTOCOL.md, "Data connection"): a plain TCP stream
 * beside the ZeroMQ socket that carries env requests and replies as blocks. All integers little-endian.
 *
 * <pre>
 * handshake (client to server, 24 bytes): "VLDC" | u32 version = 1 | u64 token | u64 session
 * answer    (server to client,  8 bytes): "VLDC" | u32 status (0 attached, 1 bad token, 2 bad handshake)
 * block: "VLBK" | u32 frames n | i64 request id | n x u64 frame length | the frames' bytes
 * </pre>
 */
public final class DataFormat {
  /** {@code "VLDC"} read as a little-endian u32. */
  static final int HANDSHAKE_MAGIC = magic("VLDC");
  /** {@code "VLBK"} read as a little-endian u32. */
  static final int BLOCK_MAGIC = magic("VLBK");
  /** The data connection's own version (independent of the message protocol's {@code v}). */
  static final int VERSION = 1;
  static final int HANDSHAKE_BYTES = 24;
  static final int ANSWER_BYTES = 8;
  /** Bytes of a block's fixed head (before the frame lengths). */
  static final int BLOCK_HEAD_BYTES = 16;

  static final int ATTACHED = 0;
  static final int BAD_TOKEN = 1;
  static final int BAD_HANDSHAKE = 2;

  /** Most frames in a block: a message's limit. */
  static final int MAX_FRAMES = ai.vlarl.simbridge.wire.MessageDecoder.MAX_FRAMES;

  private DataFormat() {}

  static ByteBuffer handshake(long token, long session) {
    return le(HANDSHAKE_BYTES).putInt(HANDSHAKE_MAGIC).putInt(VERSION).putLong(token).putLong(session).flip();
  }

  static ByteBuffer answer(int status) {
    return le(ANSWER_BYTES).putInt(HANDSHAKE_MAGIC).putInt(status).flip();
  }

  static ByteBuffer le(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  static String statusName(int status) {
    return switch (status) {
      case ATTACHED -> "attached";
      case BAD_TOKEN -> "bad token";
      case BAD_HANDSHAKE -> "bad handshake";
      default -> "unknown status " + status;
    };
  }

  private static int magic(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
