package ai.vlarl.framework.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.LineSimulator;
import ai.vlarl.framework.env.VectorEnv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupEpisodeCollectorTest {

  @Test
  void everyGroupStartsFromOneStateAndEveryMemberRunsOneWholeEpisode() {
    // 8 sub-envs in groups of 4, a uniformly random policy over {-1, 0, +1} on the line task
    // (start x = (seed mod 5) / 10, step 0.25 a, success at x >= 0.8, horizon 5 steps).
    try (VectorEnv env = Fixtures.lineEnv(8); LogitsPolicy policy = new LogitsPolicy(1, 3)) {
      GroupEpisodeCollector c = new GroupEpisodeCollector(env, 1, 1, 10, 4,
          (obs, rng) -> policy.act(obs, false, rng));
      List<EpisodeStats> episodes = new ArrayList<>();
      ExperienceCollector.Batch b = c.collect(new Rng(7), episodes::add);
      Rollout r = b.rollout();
      float[] x0 = r.observations().gather(new int[] {0, 1, 2, 3, 4, 5, 6, 7}).state().toFloatArray();
      for (int i = 0; i < 8; i++) {
        assertEquals(x0[i / 4 * 4], x0[i], "member " + i + " starts where its group's first does");
      }
      // one reported episode per sub-env, and its decisions are exactly the valid prefix
      assertEquals(8, episodes.size());
      long used = 0;
      for (EpisodeStats e : episodes) {
        int len = 0;
        while (len < r.steps() && len * 8 + e.env() < r.size() && r.valid(len, e.env())) {
          len++;
        }
        assertEquals(e.length(), len, "valid decisions of sub-env " + e.env());
        for (int t = len; t * 8 < r.size(); t++) {
          assertFalse(r.valid(t, e.env()), "idle decision " + t + " of sub-env " + e.env());
        }
        assertTrue(e.length() <= LineSimulator.HORIZON);
        assertEquals(e.successOnce(), c.lastOutcome().success()[e.env()]);
        used += e.length();
      }
      // the collection ran until the longest episode ended; every sub-env stepped every time
      int decisions = r.size() / 8;
      assertEquals(decisions, episodes.stream().mapToInt(EpisodeStats::length).max().orElseThrow());
      assertEquals(8L * decisions, b.envSteps());
      assertEquals(b.envSteps() - used, c.lastOutcome().idleSteps());
      assertEquals(0, c.lastOutcome().cut());
    }
  }

  @Test
  void groupsDrawOneSeedEach() {
    try (VectorEnv env = Fixtures.lineEnv(6); LogitsPolicy policy = new LogitsPolicy(1, 3)) {
      GroupEpisodeCollector c = new GroupEpisodeCollector(env, 1, 1, 10, 3,
          (obs, rng) -> policy.act(obs, false, rng));
      Rng expected = new Rng(3);
      long a = expected.nextLong();
      long b = expected.nextLong();
      assertEquals(List.of(a, a, a, b, b, b),
          java.util.Arrays.stream(c.groupSeeds(new Rng(3))).boxed().toList());
    }
  }

  @Test
  void episodesLongerThanTheCapAreCutAndReportedAsTruncated() {
    // the "stand still" policy (token 1 = action 0) never succeeds: every episode would run the
    // horizon of 5; with a cap of 3 decisions all 4 are cut after 3 steps
    try (VectorEnv env = Fixtures.lineEnv(4); LogitsPolicy policy = new LogitsPolicy(1, 3)) {
      policy.logits().set(new float[] {-50, 50, -50});
      GroupEpisodeCollector c = new GroupEpisodeCollector(env, 1, 1, 3, 2,
          (obs, rng) -> policy.act(obs, false, rng));
      List<EpisodeStats> episodes = new ArrayList<>();
      ExperienceCollector.Batch b = c.collect(new Rng(1), episodes::add);
      assertEquals(12, b.envSteps());
      assertEquals(4, c.lastOutcome().cut());
      for (EpisodeStats e : episodes) {
        assertEquals(3, e.length());
        assertTrue(e.truncated());
        assertFalse(e.successOnce());
      }
    }
  }

  @Test
  void subEnvsMustSplitIntoGroups() {
    try (VectorEnv env = Fixtures.lineEnv(6); LogitsPolicy policy = new LogitsPolicy(1, 3)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new GroupEpisodeCollector(env, 1, 1, 10, 4, (obs, rng) -> null));
      assertTrue(e.getMessage().contains("env.num_envs (6) must be a multiple of algo.group_size (4)"),
          e.getMessage());
    }
  }
}
