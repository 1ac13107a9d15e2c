package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GRPO run (its own collector through the trainer hook, group seeds drawn from the checkpointed
 * sampling generator, KL to the reference weights) resumed from its next-to-last checkpoint writes
 * the same metrics, line for line, as the uninterrupted run.
 */
class GrpoResumeTest {
  private static final String[] SMALL = {
    "env.tasks=[reach]", "env.num_envs=8", "train.rollout_steps=50", "train.total_steps=1200",
    "train.checkpoint_every=1", "train.keep_checkpoints=10", "train.progress=false",
    "eval.enabled=false", "algo.kind=grpo", "algo.group_size=4", "algo.reward=return",
    "algo.band_low=-1", "algo.band_high=2", "algo.kl_coef=0.01", "algo.learning_rate=1.0e-3"
  };

  @TempDir Path tmp;

  @Test
  void resumeContinuesExactlyLikeAnUninterruptedRun() throws Exception {
    Path config = tmp.resolve("small.yaml");
    Files.writeString(config, "name: small\nenv: {kind: tabletop, obs_mode: state}\npolicy: {kind: mlp}\n");
    Path full = tmp.resolve("full");
    List<String> args = new ArrayList<>(List.of("train", "--config", config.toString(), "--run-dir",
        full.toString()));
    args.addAll(List.of(SMALL));
    assertEquals(0, Vlarl.execute(args.toArray(String[]::new)));

    // crash before the last checkpoint was written
    Path crashed = tmp.resolve("crashed");
    TestTrees.copyTree(full, crashed);
    List<Path> ckpts;
    try (Stream<Path> s = Files.list(crashed.resolve("checkpoints"))) {
      ckpts = s.filter(Files::isDirectory).sorted().toList();
    }
    assertTrue(ckpts.size() >= 3, "iterations: " + ckpts);
    TestTrees.deleteTree(ckpts.get(ckpts.size() - 1));
    Files.writeString(crashed.resolve("checkpoints/latest"),
        ckpts.get(ckpts.size() - 2).getFileName() + "\n");
    // the crash came before the last iteration's metrics line: a resume must write it again
    Path metrics = crashed.resolve("metrics.jsonl");
    List<String> lines = Files.readAllLines(metrics);
    Files.write(metrics, lines.subList(0, lines.size() - 1));
    assertEquals(0, Vlarl.execute("train", "--resume", crashed.toString()));

    List<String> a = comparable(full.resolve("metrics.jsonl"));
    assertEquals(ckpts.size(), a.size());
    assertEquals(a, comparable(metrics));
    Path last = ckpts.get(ckpts.size() - 1).getFileName();
    assertEquals(last.toString(), Files.readString(crashed.resolve("checkpoints/latest")).trim());
    assertTrue(Files.isDirectory(crashed.resolve("checkpoints").resolve(last)), "re-created " + last);
  }

  private static List<String> comparable(Path metrics) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(metrics)) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      o.remove("wall_seconds");
      o.remove("steps_per_s");
      o.keySet().removeIf(k -> k.startsWith("time/"));
      out.add(o.toString());
    }
    return out;
  }
}
