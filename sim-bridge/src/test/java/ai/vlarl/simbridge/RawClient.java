package ai.vlarl.simbridge;

import ai.vlarl.simbridge.wire.MessageDecoder;
import ai.vlarl.simbridge.wire.MessageEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A bare DEALER socket that sends hand-made frames and reads one reply: for protocol tests. */
public final class RawClient implements AutoCloseable {
  private final ZContext ctx = new ZContext(1);
  private final ZMQ.Socket socket;

  public RawClient(String endpoint) {
    socket = ctx.createSocket(SocketType.DEALER);
    socket.setLinger(0);
    socket.setReceiveTimeOut(30000); // generous: CI machines can be loaded
    socket.setHandshakeIvl(2000); // see Connection: a stalled JeroMQ handshake is retried
    socket.connect(endpoint);
  }

  /** Sends the empty delimiter and then {@code frames}. */
  public void sendFrames(List<byte[]> frames) {
    socket.sendMore(new byte[0]);
    for (int i = 0; i < frames.size(); i++) {
      socket.send(frames.get(i), i + 1 < frames.size() ? ZMQ.SNDMORE : 0);
    }
  }

  /** Encodes and sends a message. */
  public void send(Map<String, ?> message) {
    List<byte[]> f = new ArrayList<>();
    for (ByteBuffer b : MessageEncoder.encode(message, MessageEncoder.DEFAULT_INLINE_LIMIT)) {
      byte[] a = new byte[b.remaining()];
      b.duplicate().get(a);
      f.add(a);
    }
    sendFrames(f);
  }

  /** The next reply, decoded (fails the test after 30 s). */
  public Map<String, Object> receive() {
    List<ByteBuffer> frames = receiveFrames();
    return MessageDecoder.decode(frames.subList(1, frames.size()), Long.MAX_VALUE);
  }

  /** The next reply's frames, delimiter included. */
  public List<ByteBuffer> receiveFrames() {
    List<ByteBuffer> frames = new ArrayList<>();
    byte[] first = socket.recv(0);
    if (first == null) {
      throw new AssertionError("no reply within 30 s");
    }
    frames.add(ByteBuffer.wrap(first));
    while (socket.hasReceiveMore()) {
      frames.add(ByteBuffer.wrap(socket.recv(0)));
    }
    return frames;
  }

  /** A request and its reply. */
  public Map<String, Object> call(Map<String, ?> message) {
    send(message);
    return receive();
  }

  @Override
  public void close() {
    ctx.close();
  }
}
