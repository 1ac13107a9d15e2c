package ai.vlarl.framework.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.config.ConfigException;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.VectorEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpoTest {

  @Test
  void groupOfOneIsAUserError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Fixtures.config(GrpoConfig.class, "group_size", 1));
    assertTrue(e instanceof UserException);
    assertTrue(e.getMessage().contains("group_size must be at least 2 (got 1)"), e.getMessage());
  }

  @Test
  void badOptionsAreUserErrors() {
    assertThrows(ConfigException.class, () -> Fixtures.config(GrpoConfig.class, "dual_clip", 0.5));
    assertThrows(ConfigException.class,
        () -> Fixtures.config(GrpoConfig.class, "band_low", 0.5, "band_high", 0.5));
    ConfigException e = assertThrows(ConfigException.class,
        () -> Fixtures.config(GrpoConfig.class, "log_prob", "word"));
    assertTrue(e.getMessage().contains("[token, action, chunk]"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> Fixtures.config(GrpoConfig.class, "loss_mean", "tokens"));
    assertTrue(e.getMessage().contains("[decisions, episodes]"), e.getMessage());
  }

  @Test
  void learnsToMoveRightOnTheLine() {
    // uniform start over {-1, 0, +1}: an episode succeeds only when it drifts right enough in 5
    // steps. GRPO must make +1 (token 2) almost certain.
    GrpoConfig cfg = Fixtures.config(GrpoConfig.class, "group_size", 4, "learning_rate", 0.05,
        "minibatches", 1);
    try (VectorEnv env = Fixtures.lineEnv(16); LogitsPolicy policy = new LogitsPolicy(1, 3);
        Grpo grpo = new Grpo(cfg, policy)) {
      ExperienceCollector c = grpo.collector(env, 8);
      Rng sample = new Rng(1);
      Rng shuffle = new Rng(2);
      double firstSuccess = -1;
      double lastSuccess = 0;
      for (int it = 0; it < 40; it++) {
        List<EpisodeStats> eps = new ArrayList<>();
        grpo.update(c.collect(sample, eps::add).rollout(), shuffle, it / 40.0);
        lastSuccess = eps.stream().filter(EpisodeStats::successOnce).count() / 16.0;
        firstSuccess = firstSuccess < 0 ? lastSuccess : firstSuccess;
      }
      float pRight = policy.probs(0)[2];
      assertTrue(firstSuccess < 0.6, "a random policy succeeds rarely: " + firstSuccess);
      assertTrue(pRight > 0.9, "P(+1) after training: " + pRight);
      assertTrue(lastSuccess >= 0.9, "success after training: " + lastSuccess);
    }
  }

  @Test
  void episodeWeightsMakeEveryKeptEpisodeWeighTheSame() {
    // 4 sub-envs; kept rows (row = step * 4 + env): env 0 for 1 decision (row 0), env 1 for 3
    // (rows 1, 5, 9), env 2 for none, env 3 for 2 (rows 3, 7). R = 6 kept decisions, E = 3 kept
    // episodes, so w_e = 6 / (3 * L_e): env 0 2/1 = 2, env 1 2/3, env 3 2/2 = 1, env 2 0.
    // Each episode's weights sum to 2 (= R / E) and the 6 decisions' weights average to 1.
    float[] w = Grpo.episodeWeights(new int[] {0, 1, 5, 9, 3, 7}, 4);
    assertArrayEquals(new float[] {2f, 2f / 3f, 0f, 1f}, w, 1e-6f);
  }

  @Test
  void episodeMeanLearnsToMoveRightOnTheLine() {
    // the same task as learnsToMoveRightOnTheLine with every episode weighing the same
    GrpoConfig cfg = Fixtures.config(GrpoConfig.class, "group_size", 4, "learning_rate", 0.05,
        "minibatches", 1, "loss_mean", "episodes");
    try (VectorEnv env = Fixtures.lineEnv(16); LogitsPolicy policy = new LogitsPolicy(1, 3);
        Grpo grpo = new Grpo(cfg, policy)) {
      ExperienceCollector c = grpo.collector(env, 8);
      Rng sample = new Rng(1);
      Rng shuffle = new Rng(2);
      for (int it = 0; it < 40; it++) {
        grpo.update(c.collect(sample, s -> { }).rollout(), shuffle, it / 40.0);
      }
      float pRight = policy.probs(0)[2];
      assertTrue(pRight > 0.9, "P(+1) after training: " + pRight);
    }
  }

  @Test
  void allFilteredIterationMakesNoUpdate() {
    // standing still never succeeds: every group is all-fail and is dropped -> no step
    GrpoConfig cfg = Fixtures.config(GrpoConfig.class, "group_size", 2);
    try (VectorEnv env = Fixtures.lineEnv(4); LogitsPolicy policy = new LogitsPolicy(1, 3);
        Grpo grpo = new Grpo(cfg, policy)) {
      policy.logits().set(new float[] {-50, 50, -50});
      ExperienceCollector c = grpo.collector(env, 8);
      Map<String, Double> m = grpo.update(c.collect(new Rng(1), e -> {}).rollout(), new Rng(2), 0);
      assertEquals(2.0, m.get("groups"));
      assertEquals(0.0, m.get("kept_groups"));
      assertEquals(0.0, m.get("epochs"));
      assertEquals(0.0, m.get("episode_reward"));
      assertArrayEquals(new float[] {-50, 50, -50}, policy.logits().toFloatArray());
    }
  }

  @Test
  void klPenaltyComparesWithTheInitialWeights() {
    // reference = the zero logits (uniform, log 1/3 per token). After training has moved the
    // logits, the reference log-probs are still log(1/3) and the policy's weights are untouched.
    GrpoConfig cfg = Fixtures.config(GrpoConfig.class, "group_size", 4, "kl_coef", 0.1,
        "learning_rate", 0.05, "minibatches", 1);
    try (VectorEnv env = Fixtures.lineEnv(8); LogitsPolicy policy = new LogitsPolicy(1, 3);
        Grpo grpo = new Grpo(cfg, policy)) {
      ReferencePolicy ref = new ReferencePolicy(policy);
      ExperienceCollector c = grpo.collector(env, 8);
      Rng sample = new Rng(5);
      Map<String, Double> m = Map.of();
      for (int it = 0; it < 5; it++) {
        m = grpo.update(c.collect(sample, e -> {}).rollout(), new Rng(it), 0);
      }
      assertTrue(m.containsKey("kl_ref"), "kl_ref reported when kept groups exist: " + m);
      float[] before = policy.logits().toFloatArray();
      Rollout r = c.collect(sample, e -> {}).rollout();
      int[] rows = r.validRows();
      float[] lp = ref.logProbs(r, rows, LogProbLevel.TOKEN, policy::evaluate, 3);
      for (int row : rows) {
        assertEquals((float) Math.log(1 / 3.0), lp[row], 1e-6f);
      }
      assertArrayEquals(before, policy.logits().toFloatArray());
    }
  }

  @Test
  void temperatureNeedsAPolicyThatSupportsIt() {
    GrpoConfig cfg = Fixtures.config(GrpoConfig.class, "temperature", 1.6);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Grpo(cfg, new NoTemperaturePolicy()));
    assertTrue(e.getMessage().contains("algo.temperature = 1.6"), e.getMessage());
  }

  @Test
  void temperatureSamplesFromTheFlattenedDistribution() {
    // logits [0, 0, ln 4]: at T = 1, P(token 2) = 4 / 6 = 0.667; at T = 2 the logits halve to
    // [0, 0, ln 2], P = 2 / 4 = 0.5. Over 4000 draws the frequency lands within 0.03 of it.
    try (LogitsPolicy policy = new LogitsPolicy(1, 3)) {
      policy.logits().set(new float[] {0, 0, (float) Math.log(4)});
      var obs = Fixtures.lineEnv(4000).observe();
      int[] t = policy.act(obs, new Rng(9), 2.0).tokens().toIntArray();
      double freq = java.util.Arrays.stream(t).filter(k -> k == 2).count() / 4000.0;
      assertEquals(0.5, freq, 0.03);
      // the recorded log-prob is the tempered one of the token drawn: ln 0.5 for token 2, ln 0.25
      // for token 0 or 1 (at T = 1 they would be ln 0.667 and ln 0.167)
      ai.vlarl.framework.policy.PolicyStep again = policy.act(obs, new Rng(9), 2.0);
      int[] tokens = again.tokens().toIntArray();
      float[] lp = again.tokenLogProb().toFloatArray();
      for (int i : new int[] {0, 1, 2, 3, 3999}) {
        assertEquals(Math.log(tokens[i] == 2 ? 0.5 : 0.25), lp[i], 1e-5, "row " + i + " drew token " + tokens[i]);
      }
    }
  }

  /** A policy without temperature support (only its class matters). */
  private static final class NoTemperaturePolicy extends ForwardingPolicy {
    NoTemperaturePolicy() {
      super(new LogitsPolicy(1, 3));
    }
  }
}
