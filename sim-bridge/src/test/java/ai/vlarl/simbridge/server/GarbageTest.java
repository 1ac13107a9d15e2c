package ai.vlarl.simbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.simbridge.RawClient;
import ai.vlarl.simbridge.TestEnvs;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.wire.MessageEncoder;
import ai.vlarl.simbridge.wire.NumpyDtype;
import ai.vlarl.simbridge.wire.WireArray;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Garbled frames, wrong shapes and dtypes, object arrays and oversized messages get a clear error
 * reply, and the server goes on serving its other clients.
 */
class GarbageTest {
  private AutoResetVectorEnv env;
  private SimServer server;
  private RemoteVectorEnv good;
  private RawClient raw;
  private String instance;

  @BeforeEach
  void start() {
    env = TestEnvs.line(2);
    server = new SimServer(env, ServerOptions.plain("tcp://127.0.0.1:*").withMaxRequestBytes(4096)).start();
    good = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast());
    good.reset(new long[] {0, 1});
    raw = new RawClient(server.endpoint());
    instance = server.instance();
  }

  @AfterEach
  void stop() {
    raw.close();
    good.close();
    server.close();
    env.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(Map<String, Object> reply) {
    assertEquals(false, reply.get("ok"), reply.toString());
    return (Map<String, Object>) reply.get("error");
  }

  private void assertError(Map<String, Object> reply, String code, String words) {
    Map<String, Object> e = error(reply);
    assertEquals(code, e.get("code"), e.toString());
    assertTrue(((String) e.get("message")).contains(words), e.toString());
    // ... and the well-behaved client is still served
    assertEquals(2, good.step(TestEnvs.actions(2, 1, 0f)).steps().length);
  }

  private Map<String, Object> step(long id, Object actions) {
    return Protocol.request("step", id, 99, instance, Map.of("actions", actions));
  }

  @Test
  void garbledFrames() {
    raw.sendFrames(List.of(new byte[] {(byte) 0xc1, 0x00, 0x13}));
    assertError(raw.receive(), "BAD_MESSAGE", "undecodable msgpack header");
    raw.sendFrames(List.of(new byte[] {(byte) 0x93, 1, 2, 3}));
    assertError(raw.receive(), "BAD_MESSAGE", "not a msgpack map");
    Map<String, Object> r = raw.call(Map.of("v", 1, "op", "teleport", "id", 1));
    assertError(r, "UNKNOWN_OP", "'teleport'");
    assertError(raw.call(Map.of("v", 7, "op", "hello", "id", 1)), "UNSUPPORTED_VERSION", "integer 7");
  }

  @Test
  void wrongShapesAndDtypes() {
    assertError(raw.call(step(1, new float[] {0, 0})), "BAD_ARRAY", "body.actions has shape [2], expected [2, chunk, 1]");
    var f8 = new WireArray(NumpyDtype.FLOAT64, new int[] {2, 1, 1}, ByteBuffer.allocate(16));
    assertError(raw.call(step(2, f8)), "BAD_ARRAY", "body.actions must be <f4, got <f8");
    var wide = new WireArray(NumpyDtype.FLOAT32, new int[] {2, 1, 3}, ByteBuffer.allocate(24));
    assertError(raw.call(step(3, wide)), "BAD_REQUEST", "actions have shape [2, 1, 3], expected [2, chunk, 1]");
    assertError(raw.call(step(4, "left")), "BAD_REQUEST", "body.actions must be an array, got string 'left'");
    assertError(raw.call(Protocol.request("reset", 5, 99, instance, Map.of("seeds", new long[] {1}, "env_idx", new int[] {7}))),
        "BAD_REQUEST", "body.env_idx 7 is outside [0, 2)");
    assertError(raw.call(Protocol.request("reset", 6, 99, instance, Map.of("seeds", new long[] {1, 2}, "env_idx", new int[] {1, 1}))),
        "BAD_REQUEST", "lists sub-env 1 twice");
  }

  @Test
  void objectArraysAreRefused() throws Exception {
    // msgpack_numpy.packb({"bad": np.array([1, "a"], dtype=object)}): a pickle inside
    byte[] pickled = Files.readAllBytes(Path.of("golden/object_array.msgpack"));
    raw.sendFrames(List.of(pickled));
    assertError(raw.receive(), "OBJECT_ARRAY", "pickles and are refused");
  }

  @Test
  void oversizedMessagesAreRefused() {
    Map<String, Object> big = step(1, new WireArray(NumpyDtype.FLOAT32, new int[] {2, 1000, 1},
        ByteBuffer.allocate(8000)));
    assertError(raw.call(big), "TOO_LARGE", "exceeds the limit of 4096 bytes");
    // many frames that each fit but together do not: refused as the frames arrive (the server keeps
    // none past the limit), with the same error
    List<byte[]> many = new java.util.ArrayList<>();
    many.add(MessageEncoder.encodeInline(Map.of("v", 1, "op", "step", "id", 2)));
    for (int i = 0; i < 40; i++) {
      many.add(new byte[1000]);
    }
    raw.sendFrames(many);
    Map<String, Object> r = raw.receive();
    assertEquals(-1L, r.get("id"), r.toString());
    assertError(r, "TOO_LARGE", "exceeds the limit of 4096 bytes");
    // more frames than a message may have, all small
    List<byte[]> tiny = new java.util.ArrayList<>();
    tiny.add(MessageEncoder.encodeInline(Map.of("v", 1, "op", "step", "id", 3)));
    for (int i = 0; i < 70; i++) {
      tiny.add(new byte[1]);
    }
    raw.sendFrames(tiny);
    assertError(raw.receive(), "BAD_MESSAGE", "message of 71 frames; at most 64");
  }

  @Test
  void requestsForAnotherServerInstanceAreRefused() {
    Map<String, Object> r = raw.call(Protocol.request("step", 1, 99, "0ld", Map.of("actions", new float[] {0})));
    assertError(r, "WRONG_SERVER", "the server restarted");
  }

  @Test
  void retriedRequestsExecuteOnce() {
    // seed 0 -> x = 0 in both sub-envs; +0.25 per step
    raw.call(Protocol.request("reset", 1, 42, instance, Map.of("seeds", new long[] {0, 0})));
    var act = ai.vlarl.framework.core.HostArray.ofFloats(new float[] {1, 1}, 2, 1, 1);
    Map<String, Object> first = raw.call(Protocol.request("step", 2, 42, instance, Map.of("actions", WireArray.of(act))));
    Map<String, Object> again = raw.call(Protocol.request("step", 2, 42, instance, Map.of("actions", WireArray.of(act))));
    assertEquals(first.toString(), again.toString());
    assertEquals(0.25f, env.observe().state().getFloat(0), "stepped once, not twice");
    Map<String, Object> stale = raw.call(Protocol.request("step", 1, 42, instance, Map.of("actions", WireArray.of(act))));
    assertEquals("STALE_REQUEST", error(stale).get("code"));
  }
}
