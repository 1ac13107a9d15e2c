package ai.vlarl.simbridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.client.RemoteEnvConfig;
import ai.vlarl.simbridge.client.RemoteEnvFactory;
import ai.vlarl.simbridge.client.ShardedVectorEnv;
import ai.vlarl.simbridge.server.ServerOptions;
import ai.vlarl.simbridge.server.SimServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two servers (2 + 3 sub-envs) behind one env behave exactly like one local env of 5. */
class ShardedEnvTest {

  static RemoteEnvConfig config(List<String> addresses) {
    return new RemoteEnvConfig(addresses, List.of(), 5, 60, 100, 3, 2, 10, 64, "", "", true);
  }

  @Test
  void shardsActAsOneEnv() {
    try (AutoResetVectorEnv a = TestEnvs.line(2);
        AutoResetVectorEnv b = TestEnvs.line(3);
        SimServer sa = new SimServer(a, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        SimServer sb = new SimServer(b, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        VectorEnv sharded = new RemoteEnvFactory().create(config(List.of(sa.endpoint(), sb.endpoint())),
            EnvFactory.Purpose.TRAIN, 0);
        AutoResetVectorEnv local = TestEnvs.line(5)) {
      assertInstanceOf(ShardedVectorEnv.class, sharded);
      assertEquals(5, sharded.spec().numEnvs());
      long[] seeds = {0, 1, 2, 3, 4}; // x = 0.0 .. 0.4
      assertEquals(local.reset(seeds), sharded.reset(seeds));
      // sub-env i pushes with (i - 1) / 3: sub-env 0 goes left, 1 stays, 2..4 go right ever faster
      float[] act = new float[5 * 4];
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 4; j++) {
          act[i * 4 + j] = (i - 1) / 3f;
        }
      }
      HostArray actions = HostArray.ofFloats(act, 5, 4, 1);
      for (int t = 0; t < 3; t++) {
        StepResult want = local.step(actions);
        StepResult got = sharded.step(actions);
        assertEquals(want.observations(), got.observations());
        assertArrayEquals(want.reward(), got.reward());
        assertArrayEquals(want.steps(), got.steps());
        assertArrayEquals(want.doneEnvs(), got.doneEnvs());
        assertEquals(want.finalObservations(), got.finalObservations());
        assertArrayEquals(want.episodes(), got.episodes());
        if (t == 0) {
          // sub-env 4 (the second shard's sub-env 2) goes 0.4 -> 0.65 -> 0.9: success at its 2nd
          // sub-step; its index comes back offset by the first shard's 2 sub-envs
          int k = got.doneEnvs().length - 1;
          assertEquals(4, got.doneEnvs()[k]);
          assertEquals(4, got.episodes()[k].env());
          assertTrue(got.episodes()[k].successOnce());
          assertEquals(2, got.episodes()[k].length());
        }
      }
      // a partial reset spanning both shards (seed 4 -> x = 0.4, seed 3 -> 0.3)
      assertEquals(local.reset(new long[] {4, 3}, new int[] {1, 3}), sharded.reset(new long[] {4, 3}, new int[] {1, 3}));
      assertEquals(0.4f, sharded.observe().state().getFloat(1));
      assertEquals(0.3f, b.observe().state().getFloat(1), "sub-env 3 is the second shard's sub-env 1");
    }
  }

  @Test
  void shardsMustServeTheSameEnv() {
    try (AutoResetVectorEnv a = TestEnvs.line(2);
        SimServer sa = new SimServer(a, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        var python = TestEnvs.python("--num-envs", "2")) {
      UserException e = assertThrows(UserException.class, () -> new RemoteEnvFactory().create(
          config(List.of(sa.endpoint(), python.endpoint())), EnvFactory.Purpose.TRAIN, 0));
      assertTrue(e.getMessage().startsWith("shard 1 serves"), e.getMessage());
    }
  }
}
