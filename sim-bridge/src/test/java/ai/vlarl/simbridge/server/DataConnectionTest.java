package ai.vlarl.simbridge.server;

import static ai.vlarl.simbridge.TestEnvs.actions;
import static ai.vlarl.simbridge.server.DataWire.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.simbridge.RawClient;
import ai.vlarl.simbridge.TestEnvs;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.wire.MessageEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The data connection (PROTOCOL.md, "Data connection") over real loopback sockets: the same results
 * as the ZeroMQ path, fallback when it breaks, and refusal of bad handshakes and bad blocks while
 * the server goes on serving. Handshakes and blocks are written byte by byte ({@link DataWire}), from the spec.
 */
class DataConnectionTest {

  @Test
  void theDataPathGivesTheSameResultsAsZeroMq() {
    try (AutoResetVectorEnv a = TestEnvs.line(3);
        AutoResetVectorEnv b = TestEnvs.line(3);
        SimServer sa = new SimServer(a, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        SimServer sb = new SimServer(b, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RemoteVectorEnv viaData = new RemoteVectorEnv(sa.endpoint(), TestEnvs.fast());
        RemoteVectorEnv viaZmq = new RemoteVectorEnv(sb.endpoint(), TestEnvs.fast().withDataConnection(false))) {
      assertTrue(sa.dataPort() > 0);
      assertEquals(viaZmq.reset(new long[] {0, 3, 6}), viaData.reset(new long[] {0, 3, 6}));
      assertTrue(viaData.usesDataConnection());
      assertFalse(viaZmq.usesDataConnection());
      // 12 steps with episodes ending (success at x = 1, horizon 5) and same-step resets
      for (int t = 0; t < 12; t++) {
        HostArray act = HostArray.ofFloats(new float[] {1, 0.5f, (t % 2) * 2 - 1}, 3, 1, 1);
        TestEnvs.assertSameStep(viaZmq.step(act), viaData.step(act));
      }
      assertEquals(viaZmq.observe(), viaData.observe());
      assertTrue(viaData.usesDataConnection());
    }
  }

  @Test
  void aReleasedStepResultLendsItsMemoryToALaterReplyAndNoOtherDoes() {
    // every array travels as a frame of its own (inline limit 1 byte), so the observations the
    // client returns are views of the memory the reply was received into
    try (AutoResetVectorEnv hosted = TestEnvs.line(3);
        AutoResetVectorEnv local = TestEnvs.line(3);
        SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*").withInlineLimit(1)).start();
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      // x0 = 0, 0.3, 0.6 moving 0.0625 a step: no episode ends within 4 steps of a reset (horizon
      // 5), so the replies have the same layout
      long[] seeds = {0, 3, 6};
      assertEquals(local.reset(seeds), remote.reset(seeds));
      HostArray act = actions(3, 1, 0.25f);
      StepResult kept = step(local, remote, act);
      assertTrue(remote.usesDataConnection());
      HostArray keptCopy = kept.observations().state().copy();
      for (int t = 0; t < 3; t++) {
        step(local, remote, act);
      }
      assertEquals(keptCopy, kept.observations().state(), "a result never released keeps its memory");

      assertEquals(local.reset(seeds), remote.reset(seeds));
      StepResult a = step(local, remote, act);
      HostArray aCopy = a.observations().state().copy();
      remote.release(a);
      assertEquals(aCopy, remote.observe().state(), "observe() before the next request");
      StepResult b = step(local, remote, act);
      assertNotEquals(aCopy, b.observations().state(), "the sub-envs moved");
      assertEquals(b.observations().state(), a.observations().state(), "b was received into a's memory");

      // releasing a result twice, or one this env did not return, lends nothing more: b (never
      // released) keeps its memory while two more replies arrive
      HostArray bCopy = b.observations().state().copy();
      remote.release(a);
      StepResult foreign = local.step(act);
      remote.release(foreign);
      TestEnvs.assertSameStep(foreign, remote.step(act));
      step(local, remote, act);
      assertEquals(bCopy, b.observations().state());
    }
  }

  /** Steps both envs and checks they agree. */
  private static StepResult step(AutoResetVectorEnv local, RemoteVectorEnv remote, HostArray act) {
    StepResult r = remote.step(act);
    TestEnvs.assertSameStep(local.step(act), r);
    return r;
  }

  @Test
  void aBrokenDataConnectionFallsBackToZeroMqAndIsReplaced() {
    try (AutoResetVectorEnv hosted = TestEnvs.line(2);
        AutoResetVectorEnv local = TestEnvs.line(2);
        SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      assertEquals(local.reset(new long[] {1, 2}), remote.reset(new long[] {1, 2}));
      HostArray act = actions(2, 1, 0.5f);
      TestEnvs.assertSameStep(local.step(act), remote.step(act));
      assertTrue(remote.usesDataConnection());
      server.dropDataConnections();
      // the request fails on the dead connection, is asked again over ZeroMQ, executed once
      TestEnvs.assertSameStep(local.step(act), remote.step(act));
      assertFalse(remote.usesDataConnection());
      // the next request attaches a new data connection
      TestEnvs.assertSameStep(local.step(act), remote.step(act));
      assertTrue(remote.usesDataConnection());
      TestEnvs.assertSameStep(local.step(act), remote.step(act));
    }
  }

  @Test
  @Timeout(60) // without the fix the client waits for its request timeout (600 s)
  void aConnectionLostDuringAStepGetsTheReplyOverZeroMqWithoutRunningItTwice() throws Exception {
    // each step takes 800 ms; the data connection is closed 200 ms into the first one, so the
    // client asks again over ZeroMQ while the env thread still executes the request: the reply,
    // whose write on the dead connection fails, must reach the client over ZeroMQ
    TestEnvs.Slow slow = new TestEnvs.Slow(TestEnvs.line(2), 800);
    try (AutoResetVectorEnv local = TestEnvs.line(2);
        SimServer server = new SimServer(slow, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      assertEquals(local.reset(new long[] {4, 5}), remote.reset(new long[] {4, 5}));
      assertTrue(remote.usesDataConnection());
      HostArray act = actions(2, 1, 0.5f);
      Thread dropper = new Thread(() -> {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
        server.dropDataConnections();
      });
      dropper.start();
      TestEnvs.assertSameStep(local.step(act), remote.step(act));
      dropper.join();
      assertEquals(1, slow.steps.get(), "the step ran once");
      assertFalse(remote.usesDataConnection());
      TestEnvs.assertSameStep(local.step(act), remote.step(act));
      assertTrue(remote.usesDataConnection(), "the next request attached a new data connection");
      assertEquals(2, slow.steps.get());
    }
  }

  @Test
  void badHandshakesAreRefusedAndTheServerServesOn() throws IOException {
    try (AutoResetVectorEnv hosted = TestEnvs.line(2);
        SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start()) {
      // a wrong token: status 1
      try (SocketChannel ch = connect(server)) {
        write(ch, handshake(12345L, 7L));
        assertArrayEquals(new int[] {VLDC, 1}, readAnswer(ch));
        assertEquals(-1, readFully(ch, ByteBuffer.allocate(1)), "then the server closes the connection");
      }
      // not a handshake: status 2
      try (SocketChannel ch = connect(server)) {
        write(ch, ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(new int[] {VLDC, 2}, readAnswer(ch));
      }
      try (RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
        remote.reset(new long[] {0, 0});
        assertEquals(2, remote.step(actions(2, 1, 1f)).steps().length);
        assertTrue(remote.usesDataConnection());
      }
    }
  }

  @Test
  void badBlocksGetErrorRepliesOrCloseTheConnection() throws IOException {
    try (AutoResetVectorEnv hosted = TestEnvs.line(2);
        SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RawClient zmq = new RawClient(server.endpoint());
        RemoteVectorEnv good = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      good.reset(new long[] {0, 0});
      long session = 4242;
      Map<String, Object> hello = zmq.call(Protocol.request("hello", 1, session, null,
          Map.of("protocol", 1, "client", "test")));
      @SuppressWarnings("unchecked")
      Map<String, Object> body = (Map<String, Object>) hello.get("body");
      assertEquals((long) server.dataPort(), body.get("data_port"));
      String instance = server.instance();
      try (SocketChannel ch = connect(server)) {
        write(ch, handshake((Long) body.get("data_token"), session));
        assertArrayEquals(new int[] {VLDC, 0}, readAnswer(ch));

        // a well-formed request works: observe (id 2)
        writeBlock(ch, 2, Protocol.request("observe", 2, session, instance, null));
        Map<String, Object> ok = readBlock(ch, 2);
        assertEquals(true, ok.get("ok"), ok.toString());

        // hello is not served on a data connection
        writeBlock(ch, 3, Protocol.request("hello", 3, session, instance, Map.of("protocol", 1)));
        assertError(readBlock(ch, 3), "BAD_REQUEST", "not served on a data connection");
        // another session's request
        writeBlock(ch, 4, Protocol.request("observe", 4, 999, instance, null));
        assertError(readBlock(ch, 4), "BAD_REQUEST", "session 999");
        // the block's id differs from the header's
        writeBlock(ch, 5, Protocol.request("observe", 6, session, instance, null));
        assertError(readBlock(ch, 5), "BAD_MESSAGE", "differs from its data block's id 5");
        // a header that is not msgpack
        writeRawBlock(ch, 7, new byte[] {(byte) 0xc1, 0});
        assertError(readBlock(ch, 7), "BAD_MESSAGE", "undecodable msgpack header");
        // an old request id after a newer one
        writeBlock(ch, 1, Protocol.request("observe", 1, session, instance, null));
        assertError(readBlock(ch, 1), "STALE_REQUEST", "older than this session's latest request");
        // a request for a previous server instance
        writeBlock(ch, 8, Protocol.request("observe", 8, session, "0", null));
        assertError(readBlock(ch, 8), "WRONG_SERVER", "instance 0");
        assertEquals(2, good.step(actions(2, 1, 0f)).steps().length, "other clients are served throughout");

        // bytes that are not a block: the server closes the connection
        write(ch, ByteBuffer.wrap(new byte[32]));
        assertEquals(-1, readFully(ch, ByteBuffer.allocate(1)), "closed");
      }
      assertEquals(2, good.step(actions(2, 1, 0f)).steps().length);
      assertTrue(good.usesDataConnection());
    }
  }

  @Test
  @Timeout(60)
  void requestIdZeroIsRefusedOnBothPathsAndTheEnvThreadServesOn() throws IOException {
    // a new session's retry state says "latest request 0, finished, no reply": a request with id 0
    // must not be taken for a retry of it (the env thread used to die on the missing reply)
    try (AutoResetVectorEnv hosted = TestEnvs.line(2);
        SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RawClient zmq = new RawClient(server.endpoint());
        RemoteVectorEnv good = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      good.reset(new long[] {0, 0});
      long session = 4343;
      String instance = server.instance();
      try (SocketChannel ch = attached(server, hello(zmq, session), session)) {
        writeBlock(ch, 0, Protocol.request("observe", 0, session, instance, null));
        assertError(readBlock(ch, 0), "BAD_REQUEST", "request id 0 is not allowed");
        // the same connection goes on: id 1 is served
        writeBlock(ch, 1, Protocol.request("observe", 1, session, instance, null));
        assertEquals(true, readBlock(ch, 1).get("ok"));
      }
      Map<String, Object> z = zmq.call(Protocol.request("observe", 0, 4444, instance, null));
      assertError(z, "BAD_REQUEST", "request id 0 is not allowed");
      Map<String, Object> negative = zmq.call(Protocol.request("step", -3, 4444, instance, null));
      assertError(negative, "BAD_REQUEST", "request id -3 is not allowed");
      assertEquals(2, good.step(actions(2, 1, 0f)).steps().length, "the env thread serves on");
      assertTrue(good.usesDataConnection());
    }
  }

  @Test
  @Timeout(60)
  void aConnectionReplacedWhileItsBlockIsUnfinishedLeavesTheEnvThreadServing() throws Exception {
    // a block that has only its head; the client attaches a new connection for the same session,
    // which closes the old one from the accept thread: the env thread must take that as a failed
    // connection, not die of it (it died when it was waiting on the old connection's selector)
    try (AutoResetVectorEnv hosted = TestEnvs.line(2);
        SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RawClient zmq = new RawClient(server.endpoint());
        RemoteVectorEnv good = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      good.reset(new long[] {0, 0});
      long session = 4545;
      Map<String, Object> body = hello(zmq, session);
      String instance = server.instance();
      try (SocketChannel first = attached(server, body, session)) {
        // a block head announcing a 100-byte header that never comes
        write(first, ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(VLBK).putInt(1).putLong(2)
            .putLong(100).flip());
        Thread.sleep(300); // the server has taken the head and waits for the header's bytes
        try (SocketChannel second = attached(server, body, session)) {
          assertEquals(-1, readFully(first, ByteBuffer.allocate(1)), "the replaced connection is closed");
          writeBlock(second, 2, Protocol.request("observe", 2, session, instance, null));
          assertEquals(true, readBlock(second, 2).get("ok"), "the new connection is served");
        }
      }
      assertEquals(2, good.step(actions(2, 1, 0f)).steps().length, "so is everyone else");
      assertTrue(good.usesDataConnection());
    }
  }

  @Test
  @Timeout(60)
  void anUnfinishedBlockDoesNotHoldUpOtherClients() throws Exception {
    // a client that sends half a block and then nothing (it hung, or it is slow on purpose): the
    // env thread takes the rest whenever it comes and serves everyone else meanwhile (it used to
    // wait for the rest up to the 10 s stall limit, then close the connection)
    try (AutoResetVectorEnv hosted = TestEnvs.line(2);
        SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RawClient zmq = new RawClient(server.endpoint());
        RemoteVectorEnv good = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      good.reset(new long[] {0, 0});
      long session = 4646;
      Map<String, Object> body = hello(zmq, session);
      List<ByteBuffer> frames = MessageEncoder.encode(Protocol.request("observe", 2, session, server.instance(), null),
          MessageEncoder.DEFAULT_INLINE_LIMIT);
      byte[] header = new byte[frames.get(0).remaining()];
      frames.get(0).duplicate().get(header);
      ByteBuffer block = ByteBuffer.allocate(24 + header.length).order(ByteOrder.LITTLE_ENDIAN);
      block.putInt(VLBK).putInt(1).putLong(2).putLong(header.length).put(header).flip();
      try (SocketChannel slow = attached(server, body, session)) {
        write(slow, block.slice(0, 20)); // the head and half the frame lengths
        Thread.sleep(200);
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
          assertEquals(2, good.step(actions(2, 1, 0f)).steps().length);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 5, "5 steps of another client took " + seconds + " s");
        assertTrue(good.usesDataConnection());
        // the rest of the block, byte by byte: the request is then served
        ByteBuffer rest = block.slice(20, block.limit() - 20);
        while (rest.hasRemaining()) {
          write(slow, rest.slice(rest.position(), 1));
          rest.position(rest.position() + 1);
        }
        assertEquals(true, readBlock(slow, 2).get("ok"));
      }
    }
  }

}
