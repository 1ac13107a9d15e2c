package ai.vlarl.simbridge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.simbridge.RawClient;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.wire.MessageDecoder;
import ai.vlarl.simbridge.wire.MessageEncoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data connection's byte format (PROTOCOL.md, "Data connection") written and read by hand from
 * the spec, for tests that talk to a server over raw sockets.
 */
final class DataWire {
  static final int VLDC = le("VLDC");
  static final int VLBK = le("VLBK");

  private DataWire() {}

  /** Says hello for {@code session} over ZeroMQ and returns the hello reply's body. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> hello(RawClient zmq, long session) {
    return (Map<String, Object>) zmq.call(Protocol.request("hello", 1, session, null,
        Map.of("protocol", 1, "client", "test"))).get("body");
  }

  /** Opens a data connection attached to {@code session} (whose hello gave {@code body}). */
  static SocketChannel attached(SimServer server, Map<String, Object> body, long session) throws IOException {
    SocketChannel ch = connect(server);
    write(ch, handshake((Long) body.get("data_token"), session));
    assertArrayEquals(new int[] {VLDC, 0}, readAnswer(ch));
    return ch;
  }

  static void assertError(Map<String, Object> reply, String code, String words) {
    assertEquals(false, reply.get("ok"), reply.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> e = (Map<String, Object>) reply.get("error");
    assertEquals(code, e.get("code"), e.toString());
    assertTrue(((String) e.get("message")).contains(words), e.toString());
  }

  // --- the byte format, by hand -------------------------------------------------------------

  static SocketChannel connect(SimServer server) throws IOException {
    SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.dataPort()));
    ch.socket().setSoTimeout(10_000);
    return ch;
  }

  /** "VLDC" | u32 1 | u64 token | u64 session, little-endian. */
  static ByteBuffer handshake(long token, long session) {
    return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(VLDC).putInt(1).putLong(token)
        .putLong(session).flip();
  }

  static int[] readAnswer(SocketChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, b);
    b.flip();
    return new int[] {b.getInt(), b.getInt()};
  }

  static void writeBlock(SocketChannel ch, long id, Map<String, ?> message) throws IOException {
    List<ByteBuffer> frames = MessageEncoder.encode(message, MessageEncoder.DEFAULT_INLINE_LIMIT);
    assertEquals(1, frames.size());
    byte[] header = new byte[frames.get(0).remaining()];
    frames.get(0).duplicate().get(header);
    writeRawBlock(ch, id, header);
  }

  /** "VLBK" | u32 frames = 1 | i64 id | u64 length | the header. */
  static void writeRawBlock(SocketChannel ch, long id, byte[] header) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(24 + header.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(VLBK).putInt(1).putLong(id).putLong(header.length).put(header).flip();
    write(ch, b);
  }

  static Map<String, Object> readBlock(SocketChannel ch, long wantId) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, head);
    head.flip();
    assertEquals(VLBK, head.getInt());
    int n = head.getInt();
    assertEquals(wantId, head.getLong());
    ByteBuffer lengths = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, lengths);
    lengths.flip();
    List<ByteBuffer> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ByteBuffer f = ByteBuffer.allocate((int) lengths.getLong());
      readFully(ch, f);
      frames.add(f.flip());
    }
    return MessageDecoder.decode(frames, Long.MAX_VALUE);
  }

  static void write(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Reads until {@code b} is full; returns -1 at end of stream. */
  static int readFully(SocketChannel ch, ByteBuffer b) throws IOException {
    var in = ch.socket().getInputStream(); // honours the 10 s timeout
    while (b.hasRemaining()) {
      int r = in.read(b.array(), b.arrayOffset() + b.position(), b.remaining());
      if (r < 0) {
        return -1;
      }
      b.position(b.position() + r);
    }
    return b.position();
  }

  static int le(String magic) {
    return ByteBuffer.wrap(magic.getBytes(StandardCharsets.US_ASCII)).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
