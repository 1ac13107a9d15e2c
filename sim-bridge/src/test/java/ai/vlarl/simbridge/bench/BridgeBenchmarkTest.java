package ai.vlarl.simbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.ForwardingVectorEnv;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.TestEnvs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The bench measures both sides and reports the documented keys. */
class BridgeBenchmarkTest {
  @Test
  void rowsHaveTheDocumentedKeys() {
    List<Map<String, Object>> rows = BridgeBenchmark.run((n, image) -> TestEnvs.line(n),
        BridgeBenchmark.Hosting.inThisJvm((n, image) -> TestEnvs.line(n)), List.of(0), List.of(2, 8), List.of(1),
        0.4);
    assertEquals(2, rows.size());
    Map<String, Object> r = rows.get(1);
    assertEquals(List.of("envs", "image", "chunk", "server", "step_ms_local", "step_ms_bridge", "server_env_ms",
        "overhead_ratio", "payload_mb", "payload_mb_s", "steps", "data_connection", "step_ms_bridge_zmq_only",
        "overhead_ratio_zmq_only", "step_ms_local_median", "step_ms_bridge_median", "overhead_ratio_median",
        "server_env_ms_median", "bridge_ms_median", "loopback_ms_median", "loopback_after_env_ms_median",
        "step_ms_handoff_median", "handoff_env_ms_median", "overhead_ratio_handoff_median", "reply_header_bytes_median", "reply_encode_us_median", "reply_decode_us_median"),
        List.copyOf(r.keySet()));
    assertEquals(true, r.get("data_connection"), "the bench's server offers a data connection on loopback TCP");
    assertEquals(8, r.get("envs"));
    assertEquals(1, r.get("chunk"));
    assertEquals("thread", r.get("server"));
    assertTrue((long) r.get("steps") > 1);
    // a round trip over TCP costs more than stepping 8 points on a line in process
    assertTrue((double) r.get("step_ms_bridge") > (double) r.get("step_ms_local"));
    assertTrue((double) r.get("overhead_ratio") > 0);
    assertTrue((double) r.get("step_ms_bridge_median") > (double) r.get("step_ms_local_median"));
    assertTrue((double) r.get("overhead_ratio_median") > 0);
    assertTrue((double) r.get("step_ms_bridge_zmq_only") > (double) r.get("step_ms_local"));
    // per step at least the state (8 x 4 bytes), the task ids (8 x 4) and the actions (8 x 4)
    assertTrue((double) r.get("payload_mb") >= 96e-6, r.toString());
    // the step reply's header holds those arrays inline (8 sub-envs: all under the inline limit),
    // and encoding and decoding it take some time, but less than the whole bridge step
    assertTrue((long) r.get("reply_header_bytes_median") > 8 * 4 * 2, r.toString());
    for (String k : List.of("reply_encode_us_median", "reply_decode_us_median")) {
      double us = (double) r.get(k);
      assertTrue(us > 0 && us < 1000 * (double) r.get("step_ms_bridge_median"), k + ": " + r);
    }
  }

  @Test
  void theMedianStepSplitsIntoTheServersEnvAndTheBridge() {
    // the hosted env sleeps 5 ms per step, the same env in process does not: the server's share
    // is at least those 5 ms, and the bridge's own share (a few small messages on loopback) is less
    Map<String, Object> r = BridgeBenchmark.measure((n, image) -> TestEnvs.line(n),
        BridgeBenchmark.Hosting.inThisJvm((n, image) -> new TestEnvs.Slow(TestEnvs.line(n), 5)), 0, 4, 1, 0.4);
    double server = (double) r.get("server_env_ms_median");
    double bridge = (double) r.get("bridge_ms_median");
    assertTrue(server >= 5.0, r.toString());
    assertTrue(bridge > 0 && bridge < server, r.toString());
    assertTrue((double) r.get("step_ms_bridge_median") >= server, r.toString());
    assertTrue((double) r.get("step_ms_local_median") < 5.0, r.toString());
    // a plain loopback round trip of the same few bytes, with no env in it
    double loopback = (double) r.get("loopback_ms_median");
    assertTrue(loopback > 0 && loopback < server, r.toString());
    // the same after its answerer computed for the server's median step (which is not counted)
    double afterEnv = (double) r.get("loopback_after_env_ms_median");
    assertTrue(afterEnv > 0 && afterEnv < server, r.toString());
    // the in-process env (not the slow one) handed to another thread: its step includes its time
    // in the env on that thread and the two hand-overs
    double handoffEnv = (double) r.get("handoff_env_ms_median");
    double handoff = (double) r.get("step_ms_handoff_median");
    assertTrue(handoffEnv >= 0 && handoff > 0 && handoff >= handoffEnv && handoff < 5.0, r.toString());
  }

  @Test
  void bothSidesStepWithChunksOfTheRowsLength() {
    // the line env takes chunks of 1 to 4 actions; each side records the chunk lengths it was sent
    Set<Integer> local = ConcurrentHashMap.newKeySet();
    Set<Integer> hosted = ConcurrentHashMap.newKeySet();
    Map<String, Object> r = BridgeBenchmark.measure((n, image) -> new ChunkRecorder(TestEnvs.line(n), local),
        BridgeBenchmark.Hosting.inThisJvm((n, image) -> new ChunkRecorder(TestEnvs.line(n), hosted)), 0, 4, 3, 0.2);
    assertEquals(3, r.get("chunk"));
    assertEquals(Set.of(3), local);
    assertEquals(Set.of(3), hosted);
    // 4 sub-envs x 3 actions x 1 dim of float32 travel with every step
    assertTrue((double) r.get("payload_mb") >= 4 * 3 * 4 / 1e6, r.toString());
  }

  @Test
  void aChunkLongerThanTheEnvTakesIsRefusedBeforeMeasuring() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BridgeBenchmark.measure(
        (n, image) -> TestEnvs.line(n), BridgeBenchmark.Hosting.inThisJvm((n, image) -> TestEnvs.line(n)), 0, 2, 5,
        0.2));
    assertEquals("a chunk of 5 actions: env line takes 1 to 4", e.getMessage());
  }

  /** Forwards to an env and records the chunk length of every step's actions. */
  private static final class ChunkRecorder extends ForwardingVectorEnv {
    private final Set<Integer> chunks;

    ChunkRecorder(VectorEnv env, Set<Integer> chunks) {
      super(env);
      this.chunks = chunks;
    }

    @Override
    public StepResult step(HostArray actions) {
      chunks.add(actions.shape()[1]);
      return env.step(actions);
    }
  }
}
