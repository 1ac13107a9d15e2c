package ai.vlarl.framework.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.rl.PpoConfig;
import ai.vlarl.framework.run.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigBinderTest {
  /** A plugin config for tests. */
  record LineEnvConfig(
      @Doc(value = "sub-envs", dflt = "8") int num_envs,
      @Doc(value = "tasks", dflt = "[a, b]") List<String> tasks) {
    LineEnvConfig {
      if (num_envs < 1) {
        throw new IllegalArgumentException("num_envs must be at least 1, got " + num_envs);
      }
    }
  }

  record NoConfig() {}

  private final ConfigBinder binder = new ConfigBinder((section, kind) -> {
    Map<String, Class<? extends Record>> known = switch (section) {
      case "env" -> Map.of("line", LineEnvConfig.class);
      case "policy" -> Map.of("mlp", NoConfig.class);
      default -> Map.of("ppo", PpoConfig.class);
    };
    if (!known.containsKey(kind)) {
      throw new UserException("unknown " + section + " kind '" + kind + "'; known: " + known.keySet());
    }
    return known.get(kind);
  });

  private ExperimentConfig bind(String... overrides) {
    return binder.bind(ExperimentConfig.class,
        ConfigLoader.load(null, List.of(overrides)));
  }

  @Test
  void defaultsComeFromTheDocAnnotations() {
    ExperimentConfig c = bind("env.kind=line", "policy.kind=mlp");
    assertEquals("default", c.name());
    assertEquals(200000, c.train().total_steps());
    assertEquals(0.99, c.algo().as(PpoConfig.class).gamma());
    assertEquals(List.of("a", "b"), c.env().as(LineEnvConfig.class).tasks());
  }

  @Test
  void overridesAreParsedAsYaml() {
    ExperimentConfig c = bind("env.kind=line", "policy.kind=mlp", "env.tasks=[b]",
        "train.total_steps=20000", "algo.learning_rate=1e-3", "seed=3");
    assertEquals(List.of("b"), c.env().as(LineEnvConfig.class).tasks());
    assertEquals(20000, c.train().total_steps());
    assertEquals(1e-3, c.algo().as(PpoConfig.class).learning_rate());
    assertEquals(3, c.seed());
  }

  @Test
  void unknownKeySuggestsTheClosest() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> bind("env.kind=line", "policy.kind=mlp", "train.totl_steps=5"));
    assertEquals("unknown config key 'train.totl_steps' (did you mean 'train.total_steps'?)", e.getMessage());
    ConfigException far = assertThrows(ConfigException.class,
        () -> bind("env.kind=line", "policy.kind=mlp", "env.zzzzzzzz=1"));
    assertTrue(far.getMessage().contains("valid keys here: num_envs, tasks"), far.getMessage());
  }

  @Test
  void unknownKindListsTheKnownOnes() {
    UserException e = assertThrows(UserException.class, () -> bind("env.kind=nope", "policy.kind=mlp"));
    assertTrue(e.getMessage().contains("known: [line]"), e.getMessage());
  }

  @Test
  void wrongTypesAndRefusedValuesNameTheKey() {
    ConfigException type = assertThrows(ConfigException.class,
        () -> bind("env.kind=line", "policy.kind=mlp", "algo.gamma=high"));
    assertEquals("config key 'algo.gamma': expected a number, got string 'high'", type.getMessage());
    ConfigException integer = assertThrows(ConfigException.class,
        () -> bind("env.kind=line", "policy.kind=mlp", "train.rollout_steps=2.5"));
    assertTrue(integer.getMessage().contains("expected an integer"), integer.getMessage());
    ConfigException refused = assertThrows(ConfigException.class,
        () -> bind("env.kind=line", "policy.kind=mlp", "env.num_envs=0"));
    assertEquals("config 'env': num_envs must be at least 1, got 0", refused.getMessage());
    // YAML reads 23 digits as a BigInteger: refused, not wrapped around into some long
    ConfigException huge = assertThrows(ConfigException.class,
        () -> bind("env.kind=line", "policy.kind=mlp", "seed=99999999999999999999999"));
    assertTrue(huge.getMessage().startsWith("config key 'seed': expected an integer in long range"), huge.getMessage());
    assertEquals(Long.MAX_VALUE, bind("env.kind=line", "policy.kind=mlp", "seed=9223372036854775807").seed());
    ConfigException hugeInt = assertThrows(ConfigException.class,
        () -> bind("env.kind=line", "policy.kind=mlp", "env.num_envs=18446744073709551617"));
    assertTrue(hugeInt.getMessage().contains("expected an integer in int range"), hugeInt.getMessage());
    ConfigException notKv = assertThrows(ConfigException.class, () -> bind("seed"));
    assertTrue(notKv.getMessage().contains("key=value"));
  }

  @Test
  void malformedYamlNamesTheFileAndPlace(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "train:\n  total_steps: 5\n   rollout_steps: [\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
    assertTrue(e.getMessage().startsWith("config file " + f + " is not valid YAML"), e.getMessage());
    assertTrue(e.getMessage().contains("line"), e.getMessage());
    Path list = dir.resolve("list.yaml");
    Files.writeString(list, "- a\n- b\n");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(list, List.of()))
        .getMessage().contains("must be a YAML mapping"));
    assertTrue(assertThrows(ConfigException.class,
        () -> ConfigLoader.load(dir.resolve("none.yaml"), List.of())).getMessage().contains("does not exist"));
    assertEquals("config file " + dir + " is a directory, not a YAML file",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(dir, List.of())).getMessage());
    Path binary = dir.resolve("binary.yaml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28});
    assertEquals("config file " + binary + " is not a text file (UTF-8 YAML expected)",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(binary, List.of())).getMessage());
  }

  @Test
  void resolvedTreeBindsBackToTheSameConfig() {
    ExperimentConfig c = bind("env.kind=line", "policy.kind=mlp", "env.num_envs=3", "seed=9");
    assertEquals(c, binder.bind(ExperimentConfig.class, ConfigBinder.toTree(c)));
  }
}
