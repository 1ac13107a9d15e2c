package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyFactory;
import ai.vlarl.framework.rl.AlgorithmFactory;
import ai.vlarl.framework.rl.PpoFactory;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.ExperimentRunner;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.policies.PoliciesModule;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TorchScript policy selected by config ({@code policy.kind: vla-torchscript}, {@code
 * policy.path: DIR}) through the registry the Guice module builds, evaluated by {@link
 * ExperimentRunner#evaluate}: the same episodes, successes and returns as the Java {@link
 * VlaPolicy} holding the same weights.
 */
class TorchScriptEvalTest {
  @BeforeAll
  static void needsTorch() {
    TorchScriptExports.requireTorch();
  }

  @Test
  void evaluatesFromConfigAsTheJavaPolicyWithTheSameWeights(@TempDir Path tmp) throws IOException {
    Path dir = TorchScriptExports.randomParallel();
    Map<String, PolicyFactory> policies = Guice.createInjector(new PoliciesModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, PolicyFactory>>() {}));
    Plugins plugins = new Plugins(Map.<String, EnvFactory>of("tint", new TintSimulator.Factory()),
        policies, Map.<String, AlgorithmFactory>of("ppo", new PpoFactory()));
    Path yaml = tmp.resolve("eval.yaml");
    Files.writeString(yaml, "name: ts-eval\nenv: {kind: tint, num_envs: 4}\n"
        + "eval: {episodes: 12, num_envs: 4}\n");
    ExperimentConfig cfg = plugins.load(yaml,
        List.of("policy.kind=vla-torchscript", "policy.path=" + dir));
    ExperimentRunner runner = new ExperimentRunner(plugins);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ExperimentRunner.Console console = new ExperimentRunner.Console(new PrintStream(log), false);

    Map<String, Object> ts;
    try (VectorEnv env = plugins.envs().get("tint").create(cfg.env().settings(), EnvFactory.Purpose.EVAL, 1);
        Policy p = plugins.policies().get(cfg.policy().kind()).create(cfg.policy().settings(), env.spec(), 0)) {
      assertTrue(p instanceof TorchScriptVla, p.getClass().toString());
      ts = runner.evaluate(cfg, p, console);
    }
    Map<String, Object> java;
    try (VlaPolicy p = new VlaPolicy(TorchScriptExports.PARALLEL_ARCH, VlaConfig.Decoding.PARALLEL, true, 1.0, 1)) {
      WeightImport.load(p, dir.resolve("weights.safetensors"));
      java = runner.evaluate(cfg, p, console);
    }
    System.out.println("eval torchscript " + ts + "\neval java " + java);
    assertEquals(12, ((Number) ts.get("episodes")).intValue());
    assertEquals(java.get("success_rate"), ts.get("success_rate"));
    assertEquals((Double) java.get("mean_return"), (Double) ts.get("mean_return"), 1e-6);
    assertEquals(java.get("per_task"), ts.get("per_task"));
    // the episodes are not all alike: the comparison has something to compare
    double rate = ((Number) ts.get("success_rate")).doubleValue();
    assertTrue(rate > 0 && rate < 1 || (Double) ts.get("mean_return") != 0, "degenerate eval: " + ts);
  }
}
