package ai.vlarl.framework.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PpoOptionsTest {

  @Test
  void defaultsKeepTheStandardCollectionAndTheChunkLevelObjective() {
    PpoConfig cfg = Fixtures.config(PpoConfig.class);
    assertEquals(LogProbLevel.CHUNK, cfg.log_prob());
    assertTrue(cfg.plainSurrogate());
    assertEquals(0.0, cfg.value_learning_rate());
    try (VectorEnv env = Fixtures.lineEnv(4); LogitsPolicy policy = new LogitsPolicy(1, 3);
        Ppo ppo = new Ppo(cfg, policy)) {
      assertNull(ppo.collector(env, 8), "partial resets on: the trainer's own collector");
    }
  }

  @Test
  void valueHeadGetsItsOwnLearningRate() {
    // One Adam step (1 epoch, 1 minibatch): Adam's first step moves every weight with a nonzero
    // gradient by its learning rate (m^ / sqrt(v^) = sign(g)). So the critic's scalar moves by
    // exactly value_learning_rate = 0.5 and each actor logit by at most learning_rate = 0.01.
    PpoConfig cfg = Fixtures.config(PpoConfig.class, "learning_rate", 0.01, "value_learning_rate",
        0.5, "epochs", 1, "minibatches", 1, "anneal_lr", false, "max_grad_norm", 1000.0);
    try (VectorEnv env = Fixtures.lineEnv(8); LogitsPolicy policy = new LogitsPolicy(1, 3);
        Ppo ppo = new Ppo(cfg, policy)) {
      policy.logits().set(new float[] {0, 0, 3}); // mostly +1: episodes succeed, returns > 0
      float[] before = policy.logits().toFloatArray();
      ExperienceCollector c = new LockstepCollector(env, policy, 6);
      Map<String, Double> m = ppo.update(c.collect(new Rng(1), e -> {}).rollout(), new Rng(2), 0);
      assertTrue(m.get("value_loss") > 0, "the value head has something to learn: " + m);
      assertEquals(0.5, Math.abs(policy.parameters().get(1).getValue().getArray().getFloat(0)), 1e-4);
      float[] after = policy.logits().toFloatArray();
      for (int i = 0; i < 3; i++) {
        assertTrue(Math.abs(after[i] - before[i]) <= 0.01 + 1e-6, "logit moved " + (after[i] - before[i]));
      }
      assertEquals(0.5, m.get("value_learning_rate"));
    }
  }

  @Test
  void valueLearningRateNeedsAValueHead() {
    PpoConfig cfg = Fixtures.config(PpoConfig.class, "value_learning_rate", 0.1);
    try (LogitsPolicy inner = new LogitsPolicy(1, 3)) {
      Policy renamed = new ForwardingPolicy(inner) {
        @Override
        public ai.djl.util.PairList<String, ai.djl.nn.Parameter> parameters() {
          var ps = new ai.djl.util.PairList<String, ai.djl.nn.Parameter>();
          ps.add("w0", inner.parameters().get(0).getValue());
          return ps;
        }
      };
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Ppo(cfg, renamed));
      assertTrue(e.getMessage().contains("no parameter of this policy looks like a value head"), e.getMessage());
    }
  }

  @Test
  void everyLogProbLevelTrains() {
    // chunk 2 x dim 1: token and action level are 2 ratios per decision, chunk level 1. With one
    // token per action the token and action levels are the same objective, so the same rollout
    // gives them the same update; the chunk level's ratio is the product of the two.
    Map<String, Map<String, Double>> byLevel = new java.util.HashMap<>();
    for (String level : new String[] {"token", "action", "chunk"}) {
      PpoConfig cfg = Fixtures.config(PpoConfig.class, "log_prob", level, "clip_coef_high", 0.28,
          "dual_clip", 3.0, "minibatches", 2);
      try (VectorEnv env = Fixtures.lineEnv(8); LogitsPolicy policy = new LogitsPolicy(2, 3);
          Ppo ppo = new Ppo(cfg, policy)) {
        ExperienceCollector c = new LockstepCollector(env, policy, 4);
        Map<String, Double> m = ppo.update(c.collect(new Rng(3), e -> {}).rollout(), new Rng(4), 0);
        assertTrue(Double.isFinite(m.get("policy_loss")), level + ": " + m);
        assertTrue(m.get("grad_norm") > 0, level + ": " + m);
        byLevel.put(level, m);
      }
    }
    for (String k : List.of("policy_loss", "approx_kl", "clip_frac", "grad_norm")) {
      assertEquals(byLevel.get("token").get(k), byLevel.get("action").get(k), 1e-12, k + ": " + byLevel);
    }
    assertNotEquals(byLevel.get("token").get("approx_kl"), byLevel.get("chunk").get("approx_kl"), byLevel.toString());
  }

  @Test
  void withoutPartialResetsFinishedSubEnvsWaitForTheRound() {
    // uniform random policy on the line (horizon 5): within a round, a sub-env's decisions are
    // valid up to its episode's end and invalid after; every sub-env reports one episode per round.
    PpoConfig cfg = Fixtures.config(PpoConfig.class, "partial_resets", false);
    try (VectorEnv env = Fixtures.lineEnv(6); LogitsPolicy policy = new LogitsPolicy(1, 3);
        Ppo ppo = new Ppo(cfg, policy)) {
      ExperienceCollector c = ppo.collector(env, 20);
      assertTrue(c instanceof LockstepCollector);
      List<EpisodeStats> eps = new ArrayList<>();
      Rollout r = c.collect(new Rng(11), eps::add).rollout();
      int[] episodesOf = new int[6];
      eps.forEach(e -> episodesOf[e.env()]++);
      int rounds = episodesOf[0];
      assertTrue(rounds >= 4, "20 decisions hold at least 4 rounds of at most 5 steps: " + rounds);
      for (int i = 0; i < 6; i++) {
        assertTrue(Math.abs(episodesOf[i] - rounds) <= 1, "sub-envs advance round by round");
        int valid = 0;
        for (int t = 0; t < 20; t++) {
          valid += r.valid(t, i) ? 1 : 0;
        }
        int sub = i;
        int lengths = eps.stream().filter(e -> e.env() == sub).mapToInt(EpisodeStats::length).sum();
        assertTrue(valid >= lengths, "every step of a reported episode is a valid decision");
      }
      // somewhere a sub-env waited (episodes of different lengths under a random policy)
      assertFalse(r.validRows().length == r.size(), "some decisions are idle");
    }
  }
}
