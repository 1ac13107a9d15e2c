package ai.vlarl.simbridge;

import static ai.vlarl.simbridge.TestEnvs.actions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.ForwardingVectorEnv;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.server.ServerOptions;
import ai.vlarl.simbridge.server.SimServer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A simulator that produces NaN or an infinity, hosted by a real {@link SimServer} over TCP
 * loopback: the client names the server, the field and the sub-env at the reply that carries it.
 */
class NonFiniteRepliesTest {
  private static final String TAIL = "; the simulator produced it, and training on it would diverge";

  @Test
  void aNanRewardIsNamedWithTheSubEnv() {
    Poisoned env = new Poisoned(TestEnvs.line(3));
    env.onStep = r -> withReward(r, 1, Float.NaN);
    try (SimServer server = new SimServer(env, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      remote.reset(new long[] {0, 1, 2});
      UserException e = assertThrows(UserException.class, () -> remote.step(actions(3, 1, 0f)));
      assertEquals("env server " + server.endpoint() + " sent a non-finite number: step reply.reward is NaN for"
          + " sub-env 1" + TAIL, e.getMessage());
    }
  }

  @Test
  void nonFiniteObservationsAreNamedOverBothConnections() {
    for (boolean dataConnection : new boolean[] {true, false}) {
      Poisoned env = new Poisoned(TestEnvs.line(3));
      env.onReset = o -> withState(o, 2, Float.POSITIVE_INFINITY);
      try (SimServer server = new SimServer(env, ServerOptions.plain("tcp://127.0.0.1:*")).start();
          RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(),
              TestEnvs.fast().withDataConnection(dataConnection))) {
        UserException e = assertThrows(UserException.class, () -> remote.reset(new long[] {0, 1, 2}));
        assertEquals("env server " + server.endpoint() + " sent a non-finite number: reset reply.obs.state is"
            + " Infinity for sub-env 2" + TAIL, e.getMessage());
        env.onReset = o -> o;
        remote.reset(new long[] {0, 1, 2});
        env.onStep = r -> new StepResult(withState(withState(r.observations(), 0, Float.NaN), 2, Float.NaN),
            r.reward(), r.terminated(), r.truncated(), r.success(), r.steps(), r.doneEnvs(), r.finalObservations(),
            r.episodes());
        UserException s = assertThrows(UserException.class, () -> remote.step(actions(3, 1, 0f)));
        assertEquals("env server " + server.endpoint() + " sent a non-finite number: step reply.obs.state is NaN"
            + " for sub-env 0 (and for 1 more of the 3 sub-envs in it)" + TAIL, s.getMessage());
      }
    }
  }

  @Test
  void aNanFinalObservationNamesItsSubEnvNotItsRow() {
    Poisoned env = new Poisoned(TestEnvs.line(3));
    // seed 3 starts sub-env 2 at x = 0.3 and it moves right: it reaches the goal before the others
    // (standing still at x = 0) hit the horizon of 5
    env.onStep = r -> r.doneEnvs().length == 0 ? r : new StepResult(r.observations(), r.reward(), r.terminated(),
        r.truncated(), r.success(), r.steps(), r.doneEnvs(), withState(r.finalObservations(), 0, Float.NaN),
        r.episodes());
    try (SimServer server = new SimServer(env, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      remote.reset(new long[] {0, 0, 3});
      HostArray act = HostArray.ofFloats(new float[] {0, 0, 1}, 3, 1, 1);
      UserException e = assertThrows(UserException.class, () -> {
        for (int t = 0; t < 4; t++) {
          remote.step(act);
        }
      });
      assertEquals("env server " + server.endpoint() + " sent a non-finite number: step reply.final_obs.state is"
          + " NaN for sub-env 2" + TAIL, e.getMessage());
    }
  }

  private static StepResult withReward(StepResult r, int env, float v) {
    float[] reward = r.reward().clone();
    reward[env] = v;
    return new StepResult(r.observations(), reward, r.terminated(), r.truncated(), r.success(), r.steps(),
        r.doneEnvs(), r.finalObservations(), r.episodes());
  }

  private static Observations withState(Observations o, int row, float v) {
    HostArray state = o.state().copy();
    state.setFloat(row * state.rowSize(), v);
    return new Observations(o.size(), state, o.image(), o.wristImage(), o.proprio(), o.instructions(), o.taskIds());
  }

  /** Passes results through functions that may poison them. */
  private static final class Poisoned extends ForwardingVectorEnv {
    volatile Function<StepResult, StepResult> onStep = r -> r;
    volatile UnaryOperator<Observations> onReset = o -> o;

    Poisoned(VectorEnv env) {
      super(env);
    }

    @Override
    public Observations reset(long[] seeds, int[] envIdx) {
      return onReset.apply(env.reset(seeds, envIdx));
    }

    @Override
    public StepResult step(HostArray actions) {
      return onStep.apply(env.step(actions));
    }
  }
}
