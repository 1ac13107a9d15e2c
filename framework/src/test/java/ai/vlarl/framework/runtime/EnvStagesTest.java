package ai.vlarl.framework.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.config.Section;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.LineSimulator;
import ai.vlarl.framework.env.VectorEnv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training env built from {@code rollout.*}. */
class EnvStagesTest {
  record LineConfig(@Doc(value = "sub-envs", dflt = "8") int num_envs) {}

  /** The line env kind; records the sub-env counts it was asked for. */
  static final class LineFactory implements EnvFactory {
    final List<Integer> created = new ArrayList<>();

    @Override
    public Class<? extends Record> configType() {
      return LineConfig.class;
    }

    @Override
    public String description() {
      return "line";
    }

    @Override
    public VectorEnv create(Record config, Purpose purpose, int numEnvsOverride) {
      int n = numEnvsOverride > 0 ? numEnvsOverride : ((LineConfig) config).num_envs();
      created.add(n);
      return new AutoResetVectorEnv(new LineSimulator(n), true, false);
    }
  }

  static final Section LINE = new Section("line", new LineConfig(8));

  @Test
  void oneStageIsThePlainEnv() {
    LineFactory f = new LineFactory();
    try (VectorEnv env = EnvStages.create(f, LINE, EnvFactory.Purpose.TRAIN, RolloutConfig.defaults(), null)) {
      assertTrue(env instanceof AutoResetVectorEnv);
      assertEquals(List.of(8), f.created);
    }
  }

  @Test
  void anInProcessEnvIsSplitIntoStagesOfNOverK() {
    LineFactory f = new LineFactory();
    try (VectorEnv env = EnvStages.create(f, LINE, EnvFactory.Purpose.TRAIN, new RolloutConfig(4, 0, 1, 0), null)) {
      StagedVectorEnv staged = (StagedVectorEnv) env;
      assertEquals(4, staged.stageCount());
      assertEquals(8, env.spec().numEnvs());
      // the whole env once (to learn N), then 4 of 2
      assertEquals(List.of(8, 2, 2, 2, 2), f.created);
    }
    UserException e = assertThrows(UserException.class,
        () -> EnvStages.create(f, LINE, EnvFactory.Purpose.TRAIN, new RolloutConfig(3, 0, 1, 0), null));
    assertEquals("rollout.pipeline_stages=3 must divide the env's 8 sub-envs (env.num_envs)", e.getMessage());
  }

  @Test
  void serversNeedALauncherAndADivisibleCount() {
    LineFactory f = new LineFactory();
    UserException e = assertThrows(UserException.class,
        () -> EnvStages.create(f, LINE, EnvFactory.Purpose.TRAIN, new RolloutConfig(1, 2, 1, 0), null));
    assertTrue(e.getMessage().startsWith("rollout.env_servers=2 needs the sim bridge"), e.getMessage());
    EnvServerLauncher never = (env, servers, each, purpose, timeout) -> {
      throw new AssertionError("not reached");
    };
    e = assertThrows(UserException.class,
        () -> EnvStages.create(f, LINE, EnvFactory.Purpose.TRAIN, new RolloutConfig(1, 3, 1, 0), never));
    assertEquals("rollout.env_servers=3 must divide env.num_envs=8", e.getMessage());
  }

  @Test
  void launchedServersAreGroupedIntoStagesAndStoppedWithTheEnv() {
    LineFactory f = new LineFactory();
    boolean[] stopped = {false};
    List<Integer> asked = new ArrayList<>();
    EnvServerLauncher launcher = (env, servers, each, purpose, timeout) -> {
      asked.add(servers);
      asked.add(each);
      List<VectorEnv> envs = new ArrayList<>();
      for (int i = 0; i < servers; i++) {
        envs.add(f.create(env.settings(), purpose, each));
      }
      return new EnvServerLauncher.Launched(envs, () -> stopped[0] = true);
    };
    VectorEnv env = EnvStages.create(f, LINE, EnvFactory.Purpose.TRAIN, new RolloutConfig(2, 4, 1, 0), launcher);
    assertEquals(List.of(4, 2), asked, "4 servers of 2 sub-envs");
    StagedVectorEnv staged = (StagedVectorEnv) env;
    assertEquals(2, staged.stageCount());
    assertEquals(4, staged.offset(1), "each stage: 2 servers of 2");
    env.close();
    assertTrue(stopped[0]);
  }

  @Test
  void groupsAreConsecutiveParts() {
    LineFactory f = new LineFactory();
    List<VectorEnv> parts = List.of(f.create(null, null, 1), f.create(null, null, 2));
    List<VectorEnv> one = EnvStages.group(parts, 2);
    assertSame(parts.get(0), one.get(0));
    assertSame(parts.get(1), one.get(1));
    parts.forEach(VectorEnv::close);
  }
}
