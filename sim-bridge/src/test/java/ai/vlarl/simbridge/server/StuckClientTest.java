package ai.vlarl.simbridge.server;

import static ai.vlarl.simbridge.server.DataWire.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.simbridge.RawClient;
import ai.vlarl.simbridge.TestEnvs;
import ai.vlarl.simbridge.bench.ControlledConfig;
import ai.vlarl.simbridge.bench.ControlledSimulator;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.protocol.Protocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that stop reading a reply larger than the socket buffers hold (64 MB observations): the
 * server writes the rest as the client reads and serves the others meanwhile, and gives up on a
 * client that takes nothing for {@link ai.vlarl.simbridge.data.DataLink#STALL_MS}.
 */
class StuckClientTest {
  @Test
  @Timeout(120)
  void aClientThatStopsReadingItsReplyDoesNotHoldUpOthers() throws Exception {
    // a client that asks and then reads nothing leaves most of its reply unsent. The env thread
    // writes the rest as the client takes it and serves everyone else meanwhile (it used to wait
    // for the client up to the 10 s stall limit, then close the connection)
    try (BigReplies f = new BigReplies(); SocketChannel stuck = f.stuckClient(4747)) {
      Thread.sleep(500); // the server wrote what the socket took, and waits for the client
      long t0 = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        f.stepTheOther();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(seconds < 5, "3 steps of another client took " + seconds + " s");
      // now the stuck client reads: all of its reply arrives, intact
      Map<String, Object> reply = readBlock(stuck, 2);
      assertEquals(true, reply.get("ok"), reply.toString());
      @SuppressWarnings("unchecked")
      Map<String, Object> obs = (Map<String, Object>) ((Map<String, Object>) reply.get("body")).get("obs");
      assertArrayEquals(new int[] {16, 1_000_000}, ((ai.vlarl.simbridge.wire.WireArray) obs.get("state")).shape());
      // and its connection serves its next request
      writeBlock(stuck, 3, Protocol.request("observe", 3, 4747, f.server.instance(), null));
      assertEquals(true, readBlock(stuck, 3).get("ok"));
    }
  }

  @Test
  @Timeout(120)
  void aClientThatTakesNoByteOfItsReplyFor10sLosesItsDataConnection() throws Exception {
    try (BigReplies f = new BigReplies()) {
      try (SocketChannel stuck = f.stuckClient(4848)) {
        Thread.sleep(ai.vlarl.simbridge.data.DataLink.STALL_MS + 2_000);
        // the server gave up on it: what the socket buffers held arrives, then the end of the stream
        long got = 0;
        ByteBuffer sink = ByteBuffer.allocate(1 << 20);
        for (int n; (n = readSome(stuck, sink.clear())) >= 0; ) {
          got += n;
        }
        assertTrue(got > 0 && got < 16L * 1_000_000 * 4, "got " + got + " bytes of a 64 MB reply, then the close");
      }
      f.stepTheOther(); // the others are served
    }
  }

  /**
   * A server whose env's observations are 64 MB (more than loopback's socket buffers hold), and a
   * well-behaved client of it (on a data connection).
   */
  private static final class BigReplies implements AutoCloseable {
    final AutoResetVectorEnv hosted =
        new AutoResetVectorEnv(new ControlledSimulator(new ControlledConfig(16, 0, false, 1_000_000, 100), 16), true, false);
    final SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start();
    final RawClient zmq = new RawClient(server.endpoint());
    final RemoteVectorEnv other = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast().withTiming(100, 50, 2, 60_000));

    BigReplies() {
      other.reset(new long[16]);
    }

    /** A data connection of {@code session} that has asked for the observations and reads nothing. */
    SocketChannel stuckClient(long session) throws IOException {
      SocketChannel ch = attached(server, hello(zmq, session), session);
      writeBlock(ch, 2, Protocol.request("observe", 2, session, server.instance(), null));
      return ch;
    }

    void stepTheOther() {
      assertEquals(16, other.step(HostArray.ofFloats(new float[32], 16, 1, 2)).steps().length);
      assertTrue(other.usesDataConnection());
    }

    @Override
    public void close() {
      other.close();
      zmq.close();
      server.close();
      hosted.close();
    }
  }

  /** One read (up to the 10 s timeout): the bytes read, or -1 at the end of the stream. */
  private static int readSome(SocketChannel ch, ByteBuffer b) throws IOException {
    return ch.socket().getInputStream().read(b.array(), 0, b.capacity());
  }

}
