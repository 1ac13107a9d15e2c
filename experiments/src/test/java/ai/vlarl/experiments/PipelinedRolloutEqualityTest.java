package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.config.ConfigLoader;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.rl.Rollout;
import ai.vlarl.framework.run.EpisodeTally;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.framework.run.RolloutCollector;
import ai.vlarl.framework.runtime.EnvStages;
import ai.vlarl.framework.runtime.StagedVectorEnv;
import ai.vlarl.framework.runtime.Timings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real tabletop suite with the real DJL policies: rollouts collected with k = 2 and 4 pipeline
 * stages equal those of k = 1 bit for bit (observations, tokens, log-probs, values, rewards, dones,
 * bootstrap values, finished episodes, the env's final observations and the sampler's state),
 * with inference in blocks of 2 sub-envs ({@code rollout.inference_rows}: libtorch's result for a
 * row can differ in its last bits with the batch size, so every k must use the same batches).
 */
class PipelinedRolloutEqualityTest {
  @TempDir Path tmp;

  private List<Object> collect(String yaml, int stages) throws Exception {
    Plugins plugins = new Assembly().plugins();
    Path file = tmp.resolve("cfg.yaml");
    Files.writeString(file, yaml);
    ExperimentConfig cfg = plugins.load(file, List.of("rollout.pipeline_stages=" + stages));
    try (VectorEnv env = EnvStages.create(plugins.envs().get(cfg.env().kind()), cfg.env(),
            EnvFactory.Purpose.TRAIN, cfg.rollout(), null);
        Policy policy = plugins.policies().get(cfg.policy().kind()).create(cfg.policy().settings(),
            env.spec(), 7)) {
      assertEquals(stages > 1, env instanceof StagedVectorEnv);
      long[] seeds = new long[env.spec().numEnvs()];
      Arrays.setAll(seeds, i -> 100 + i);
      RolloutCollector c = new RolloutCollector(env, policy, env.reset(seeds), new Timings(),
          cfg.rollout().inference_rows());
      Rollout r = new Rollout(cfg.train().rollout_steps(), env.spec().numEnvs(), policy.chunk(), policy.actionDim());
      Rng rng = new Rng(11);
      List<Object> out = new ArrayList<>();
      for (int it = 0; it < 2; it++) {
        EpisodeTally tally = new EpisodeTally(env.spec().tasks());
        out.add(c.collect(r, rng, tally));
        out.add(r.observations().gather(ai.vlarl.framework.runtime.StepMerge.rows(0, r.size())));
        out.add(r.tokens());
        out.add(r.tokenLogProb());
        out.add(Arrays.deepToString(r.values()));
        out.add(Arrays.deepToString(r.rewards()));
        out.add(Arrays.deepToString(r.nextValues()));
        out.add(Arrays.deepToString(r.dones()));
        out.add(Arrays.deepToString(r.terminated()));
        out.add(tally.episodes() + " " + tally.metrics("train/"));
      }
      out.add(c.current());
      out.add(rng.state());
      return out;
    }
  }

  private void assertSameForEveryK(String yaml) throws Exception {
    List<Object> k1 = collect(yaml, 1);
    assertTrue(k1.get(9).toString().matches("[1-9].*"), "episodes ended during the rollouts: " + k1.get(9));
    assertEquals(k1, collect(yaml, 2), "k = 2");
    assertEquals(k1, collect(yaml, 4), "k = 4");
  }

  @Test
  void mlpOnStateObservations() throws Exception {
    // 8 sub-envs x 24 decisions of chunk 2; horizons 15 (reach) and 24 (push) at horizon_scale 0.3,
    // so episodes end (mostly truncated: V(final observation) is bootstrapped) inside every rollout
    assertSameForEveryK("""
        env: {kind: tabletop, tasks: [reach, push], obs_mode: state, num_envs: 8, horizon_scale: 0.3}
        policy: {kind: mlp, chunk: 2}
        train: {rollout_steps: 24}
        rollout: {inference_rows: 2}
        """);
  }

  @Test
  void cnnOnImages() throws Exception {
    assertSameForEveryK("""
        env: {kind: tabletop, tasks: [reach], obs_mode: rgb, image_size: 32, num_envs: 8, horizon_scale: 0.3}
        policy: {kind: cnn, chunk: 4}
        train: {rollout_steps: 12}
        rollout: {inference_rows: 2}
        """);
  }
}
