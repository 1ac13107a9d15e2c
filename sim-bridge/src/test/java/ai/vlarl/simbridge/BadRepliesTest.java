package ai.vlarl.simbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.wire.MessageDecoder;
import ai.vlarl.simbridge.wire.MessageEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A server whose replies lack fields, over a real ZeroMQ socket: one-line errors naming the server. */
class BadRepliesTest {
  @Test
  void aHelloReplyWithoutItsLimitNamesTheServer() {
    try (FakeServer server = new FakeServer(reply -> {
      reply.put("body", Map.of("foo", 1L));
      return reply;
    })) {
      UserException e = assertThrows(UserException.class, () -> new RemoteVectorEnv(server.endpoint, TestEnvs.fast()));
      assertEquals("env server " + server.endpoint + " sent an invalid reply to 'hello': hello reply.max_request_bytes"
          + " is missing", e.getMessage());
    }
  }

  @Test
  void aReplyWithoutItsServerOrErrorNamesTheServer() {
    try (FakeServer server = new FakeServer(reply -> {
      reply.remove("server");
      return reply;
    })) {
      UserException e = assertThrows(UserException.class, () -> new RemoteVectorEnv(server.endpoint, TestEnvs.fast()));
      assertEquals("env server " + server.endpoint + " sent an invalid reply to 'hello': hello reply.server is missing",
          e.getMessage());
    }
    try (FakeServer server = new FakeServer(reply -> {
      reply.put("ok", false);
      return reply;
    })) {
      UserException e = assertThrows(UserException.class, () -> new RemoteVectorEnv(server.endpoint, TestEnvs.fast()));
      assertEquals("env server " + server.endpoint + " sent an invalid reply to 'hello': reply to hello.error is missing",
          e.getMessage());
    }
  }

  /**
   * A ROUTER that answers each request with {@code edit} applied to a well-formed empty reply. Its
   * thread alone uses and closes the socket (JeroMQ sockets are not thread-safe: closing the
   * context from another thread while this one waits in recv once hung JeroMQ 0.6.0's reaper).
   */
  private static final class FakeServer implements AutoCloseable {
    final String endpoint;
    private final ZContext ctx = new ZContext(1);
    private final Thread thread;
    private volatile boolean stopped;

    FakeServer(UnaryOperator<Map<String, Object>> edit) {
      ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
      router.setLinger(0);
      router.setReceiveTimeOut(50);
      router.bind("tcp://127.0.0.1:*");
      endpoint = router.getLastEndpoint();
      thread = new Thread(() -> {
        try {
          serve(router, edit);
        } finally {
          ctx.destroySocket(router);
        }
      }, "fake-server");
      thread.setDaemon(true);
      thread.start();
    }

    private void serve(ZMQ.Socket router, UnaryOperator<Map<String, Object>> edit) {
      while (!stopped) {
        byte[] identity = router.recv(0);
        if (identity == null) {
          continue; // no request within the receive timeout: look at the flag again
        }
        List<ByteBuffer> frames = new ArrayList<>();
        while (router.hasReceiveMore()) {
          frames.add(ByteBuffer.wrap(router.recv(0)));
        }
        Map<String, Object> request = MessageDecoder.decode(frames.subList(1, frames.size()), Long.MAX_VALUE);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("v", 1L);
        reply.put("op", request.get("op"));
        reply.put("id", request.get("id"));
        reply.put("server", "fake");
        reply.put("ok", true);
        reply.put("body", Map.of());
        router.sendMore(identity);
        router.sendMore(new byte[0]);
        List<ByteBuffer> out = MessageEncoder.encode(edit.apply(reply), MessageEncoder.DEFAULT_INLINE_LIMIT);
        for (int i = 0; i < out.size(); i++) {
          router.sendByteBuffer(out.get(i), i + 1 < out.size() ? ZMQ.SNDMORE : 0);
        }
      }
    }

    @Override
    public void close() {
      stopped = true;
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ctx.close();
    }
  }
}
