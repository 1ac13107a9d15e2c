package ai.vlarl.experiments.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.envs.tabletop.Instructions;
import ai.vlarl.envs.tabletop.Palette;
import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.experiments.Assembly;
import ai.vlarl.experiments.TestTrees;
import ai.vlarl.experiments.cli.Vlarl;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.run.CheckpointedPolicy;
import ai.vlarl.policies.vla.EpisodeDataset;
import ai.vlarl.policies.vla.InstructionTokenizer;
import ai.vlarl.policies.vla.VlaPolicy;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vlarl sft} through the command line: demonstrations, the run directory, warm start. */
class SftEndToEndTest {
  /** A small, fast VLA experiment: 32×32 images, reach and push, a few episodes. */
  private static final String[] SMALL = {
    "env.tasks=[reach,push]", "env.image_size=32", "env.num_envs=4", "policy.sft.episodes=6",
    "policy.sft.num_envs=3", "policy.sft.epochs=1", "policy.sft.batch_size=16",
    "train.rollout_steps=4", "train.total_steps=64", "train.progress=false", "eval.episodes=4",
    "eval.num_envs=4"
  };

  @TempDir Path tmp;

  private static String[] args(Object... parts) {
    List<String> a = new ArrayList<>();
    for (Object o : parts) {
      if (o instanceof String[] arr) {
        a.addAll(List.of(arr));
      } else {
        a.add(o.toString());
      }
    }
    return a.toArray(String[]::new);
  }

  private static Path vlaYaml() {
    return Path.of(System.getProperty("vlarl.home", "..")).resolve("experiments/configs/default.yaml");
  }

  @Test
  void sftWritesARunThatTrainStartsFrom() throws Exception {
    Path sft = tmp.resolve("sft");
    Path demos = tmp.resolve("demos");
    assertEquals(0, Vlarl.execute(args("sft", "--config", vlaYaml(), "--run-dir", sft, "--record", demos, SMALL)));
    JsonObject summary = JsonParser.parseString(Files.readString(sft.resolve("summary.json"))).getAsJsonObject();
    JsonObject d = summary.getAsJsonObject("demonstrations");
    assertEquals(6, d.get("episodes").getAsInt());
    assertTrue(d.get("steps").getAsInt() >= 6);
    assertTrue(summary.getAsJsonObject("sft").get("loss").getAsDouble() > 0);
    assertEquals(4, summary.getAsJsonObject("eval").get("episodes").getAsInt());
    assertTrue(Files.isRegularFile(sft.resolve("checkpoints/step-000000000000/policy.params")));

    // the recorded demonstrations: successful episodes of the configured tasks
    EpisodeDataset data = EpisodeDataset.read(demos);
    assertEquals(6, data.episodes().size());
    assertEquals(d.get("steps").getAsInt(), data.steps());
    for (EpisodeDataset.Episode e : data.episodes()) {
      assertTrue(e.success());
      assertTrue(List.of("reach", "push").contains(e.task()), e.task());
    }
    // recording into the same place again is refused before anything runs; the dataset stays
    byte[] dataset = Files.readAllBytes(demos.resolve(EpisodeDataset.FILE));
    StringWriter err = new StringWriter();
    assertEquals(2, Vlarl.execute(new PrintWriter(err, true),
        args("sft", "--config", vlaYaml(), "--run-dir", tmp.resolve("sft-again"), "--record", demos, SMALL)));
    assertEquals("error: --record " + demos + " already holds a dataset (" + EpisodeDataset.FILE
        + "); train on it with policy.sft.dataset=" + demos + " instead of --record, or record into another directory",
        err.toString().trim());
    assertArrayEquals(dataset, Files.readAllBytes(demos.resolve(EpisodeDataset.FILE)));
    assertTrue(!Files.exists(tmp.resolve("sft-again")), "no run directory made for a refused run");

    // train from it: the policy train builds with policy.init=DIR has the SFT weights
    Assembly a = new Assembly();
    try (CheckpointedPolicy loaded = CheckpointedPolicy.load(a.plugins(), sft)) {
      Observations obs = data.observations(new int[] {0, 1, 2});
      float[] expected = ((VlaPolicy) loaded.policy()).logitsAndValues(obs, null)[0];
      var cfg = VlaPipeline.withInit(a.plugins(), loaded.config(), sft);
      try (VlaPolicy fresh =
          (VlaPolicy) a.plugins().policies().get("vla").create(cfg.policy().settings(), loaded.spec(), 12345)) {
        assertArrayEquals(expected, fresh.logitsAndValues(obs, null)[0], 0f);
      }
    }
    Path train = tmp.resolve("train");
    assertEquals(0, Vlarl.execute(args("train", "--config", vlaYaml(), "--run-dir", train, "policy.init=" + sft, SMALL)));
    assertTrue(Files.isRegularFile(train.resolve("summary.json")));

    // and the recorded dataset can replace the experts
    Path again = tmp.resolve("again");
    assertEquals(0, Vlarl.execute(args("sft", "--config", vlaYaml(), "--run-dir", again,
        "policy.sft.dataset=" + demos, SMALL, "eval.enabled=false")));
    JsonObject s2 = JsonParser.parseString(Files.readString(again.resolve("summary.json"))).getAsJsonObject();
    assertEquals(demos.toString(), s2.getAsJsonObject("demonstrations").get("source").getAsString());
  }

  @Test
  void pipelineRunsSftThenPpo() throws Exception {
    Path train = tmp.resolve("pipeline");
    assertEquals(0, Vlarl.execute(args("sft", "--train", "--config", vlaYaml(), "--train-dir", train, SMALL)));
    Path sft = VlaPipeline.sftDir(train);
    assertTrue(Files.isRegularFile(sft.resolve("summary.json")));
    JsonObject summary = JsonParser.parseString(Files.readString(train.resolve("summary.json"))).getAsJsonObject();
    assertEquals(64, summary.get("env_steps").getAsLong());
    String config = Files.readString(train.resolve("config.yaml"));
    assertTrue(config.contains("init: " + sft), config);
  }

  @Test
  void trainOfAVlaWithoutInitRunsSftFirst() throws Exception {
    Path train = tmp.resolve("warm");
    assertEquals(0, Vlarl.execute(args("train", "--config", vlaYaml(), "--run-dir", train, SMALL)));
    Path sft = VlaPipeline.sftDir(train);
    JsonObject s = JsonParser.parseString(Files.readString(sft.resolve("summary.json"))).getAsJsonObject();
    assertEquals(6, s.getAsJsonObject("demonstrations").get("episodes").getAsInt());
    assertEquals(4, s.getAsJsonObject("eval").get("episodes").getAsInt()); // S0
    String config = Files.readString(train.resolve("config.yaml"));
    assertTrue(config.contains("init: " + sft), config);
    // with warm_start off, train starts from scratch and writes no SFT run
    Path cold = tmp.resolve("cold");
    assertEquals(0, Vlarl.execute(args("train", "--config", vlaYaml(), "--run-dir", cold, SMALL,
        "policy.sft.warm_start=false")));
    assertTrue(Files.notExists(VlaPipeline.sftDir(cold)));
    assertTrue(Files.readString(cold.resolve("config.yaml")).contains("init: ''"));

    // an SFT stage stopped before its checkpoint (Ctrl-C during the demonstrations) left only its
    // first two files: the same command runs SFT there again instead of pointing at a stage that
    // has nothing to train from
    Path again = tmp.resolve("again");
    Path stopped = VlaPipeline.sftDir(again);
    Files.createDirectories(stopped);
    Files.copy(sft.resolve("config.yaml"), stopped.resolve("config.yaml"));
    Files.copy(sft.resolve("env_spec.json"), stopped.resolve("env_spec.json"));
    assertEquals(0, Vlarl.execute(args("train", "--config", vlaYaml(), "--run-dir", again, SMALL)));
    assertTrue(Files.isRegularFile(stopped.resolve("summary.json")));
    assertTrue(Files.readString(again.resolve("config.yaml")).contains("init: " + stopped));

    // the same for the pipeline command
    Path piped = tmp.resolve("piped");
    Path stoppedToo = VlaPipeline.sftDir(piped);
    Files.createDirectories(stoppedToo);
    Files.copy(sft.resolve("config.yaml"), stoppedToo.resolve("config.yaml"));
    assertEquals(0, Vlarl.execute(args("sft", "--train", "--config", vlaYaml(), "--train-dir", piped, SMALL)));
    assertTrue(Files.isRegularFile(stoppedToo.resolve("summary.json")));
    assertTrue(Files.isRegularFile(piped.resolve("summary.json")));

    // a finished SFT stage is refused, with the way to train from it
    Path beside = tmp.resolve("beside");
    TestTrees.copyTree(sft, VlaPipeline.sftDir(beside));
    String e = userError(args("train", "--config", vlaYaml(), "--run-dir", beside, SMALL));
    assertTrue(e.contains("it holds the SFT stage of --run-dir " + beside + ": train from it with policy.init="
        + VlaPipeline.sftDir(beside)), e);
  }

  @Test
  void userErrorsEndWithOneLine() throws Exception {
    StringWriter err = new StringWriter();
    int code = Vlarl.execute(new PrintWriter(err, true),
        args("sft", "--config", vlaYaml(), "--run-dir", tmp.resolve("x"), "env.obs_mode=state"));
    assertEquals(2, code);
    assertTrue(err.toString().startsWith("error: "), err.toString());
    assertTrue(err.toString().contains("obs_mode=rgb"), err.toString());
    StringWriter err2 = new StringWriter();
    Path mlp = tmp.resolve("mlp.yaml");
    Files.writeString(mlp, "name: m\nenv: {kind: tabletop, obs_mode: state}\npolicy: {kind: mlp}\n");
    assertEquals(2, Vlarl.execute(new PrintWriter(err2, true),
        args("sft", "--config", mlp, "--run-dir", tmp.resolve("y"))));
    assertTrue(err2.toString().contains("policy.kind=vla"), err2.toString());
    StringWriter err3 = new StringWriter();
    assertEquals(2, Vlarl.execute(new PrintWriter(err3, true),
        args("sft", "--config", vlaYaml(), "--run-dir", tmp.resolve("z"), "policy.sft.dataset=" + tmp.resolve("none"))));
    assertTrue(err3.toString().contains("policy.sft.dataset: "), err3.toString());
  }

  /**
   * A directory that holds something is refused before SFT starts (a dataset that does not exist,
   * which SFT would fail on, shows the order), naming the option that chose it.
   */
  @Test
  void aNonEmptyDirectoryIsRefusedBeforeSftStarts() throws Exception {
    Path full = tmp.resolve("full");
    Files.createDirectories(full);
    Files.writeString(full.resolve("keep.txt"), "keep");
    String noDataset = "policy.sft.dataset=" + tmp.resolve("no-dataset");

    String train = userError(args("train", "--config", vlaYaml(), "--run-dir", full, SMALL, noDataset));
    assertTrue(train.contains("run directory " + full + " is not empty; pass --resume " + full), train);
    String pipeline = userError(args("sft", "--train", "--config", vlaYaml(), "--train-dir", full, SMALL, noDataset));
    assertTrue(pipeline.contains("run directory " + full + " is not empty; continue that run with "
        + "'vlarl train --resume " + full + "', or choose another --train-dir"), pipeline);
    assertFalse(pipeline.contains("--run-dir"), pipeline);
    String sft = userError(args("sft", "--config", vlaYaml(), "--run-dir", full, SMALL, noDataset));
    assertTrue(sft.contains("run directory " + full + " is not empty; choose another --run-dir"), sft);
    // a directory the user named is never cleared, even when it looks like a stopped SFT stage
    Path named = tmp.resolve("named");
    Files.createDirectories(named);
    Files.writeString(named.resolve("config.yaml"), "name: mine\n");
    sft = userError(args("sft", "--config", vlaYaml(), "--run-dir", named, SMALL, noDataset));
    assertTrue(sft.contains("run directory " + named + " is not empty; choose another --run-dir"), sft);
    assertEquals("name: mine\n", Files.readString(named.resolve("config.yaml")));
    assertTrue(Files.notExists(VlaPipeline.sftDir(full)));
    assertEquals(List.of(full.resolve("keep.txt")), list(full));

    // the SFT directory of a warm start, checked before anything is written
    Path fresh = tmp.resolve("fresh");
    Path sftOfFresh = VlaPipeline.sftDir(fresh);
    Files.createDirectories(sftOfFresh);
    Files.writeString(sftOfFresh.resolve("keep.txt"), "keep");
    String warm = userError(args("train", "--config", vlaYaml(), "--run-dir", fresh, SMALL, noDataset));
    assertTrue(warm.contains("run directory " + sftOfFresh + " is not empty; the SFT stage of "
        + "--run-dir " + fresh + " goes there; empty it, or choose another --run-dir"), warm);
    assertTrue(Files.notExists(fresh));
    assertEquals(List.of(sftOfFresh.resolve("keep.txt")), list(sftOfFresh));
    // with a stopped stage's config.yaml beside it: still not only what a stopped stage leaves
    Files.writeString(sftOfFresh.resolve("config.yaml"), "name: x\n");
    warm = userError(args("train", "--config", vlaYaml(), "--run-dir", fresh, SMALL, noDataset));
    assertTrue(warm.contains("run directory " + sftOfFresh + " is not empty"), warm);
    assertEquals(2, list(sftOfFresh).size());
  }

  /** A run directory the OS will not create is refused before SFT starts, not after it. */
  @Test
  void aRunDirectoryThatCannotBeCreatedIsRefusedBeforeSft() throws Exception {
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return; // Linux only: nothing can be created in /proc
    }
    String e = userError(args("train", "--config", vlaYaml(), "--run-dir", "/proc/vlarl-run", SMALL));
    assertTrue(e.contains("cannot create run directory /proc/vlarl-run: no such file or directory"), e);
    // a directory that can be created is made and removed again by that check, parents included
    Path absent = tmp.resolve("absent/parents/run");
    String e2 = userError(args("train", "--config", vlaYaml(), "--run-dir", absent, SMALL,
        "policy.sft.dataset=" + tmp.resolve("no-dataset")));
    assertTrue(e2.contains("policy.sft.dataset: "), e2);
    assertFalse(Files.exists(tmp.resolve("absent")));
  }

  /** An SFT that fails (here: no such dataset) leaves neither its directory nor the training run's. */
  @Test
  void aFailedSftStageLeavesNoDirectories() throws Exception {
    Path run = tmp.resolve("run");
    String e = userError(args("train", "--config", vlaYaml(), "--run-dir", run, SMALL,
        "policy.sft.dataset=" + tmp.resolve("no-dataset")));
    assertTrue(e.contains("policy.sft.dataset: "), e);
    assertTrue(Files.notExists(VlaPipeline.sftDir(run)));
    assertTrue(Files.notExists(run));
  }

  /** The error line of a command that must fail with a user error. */
  private static String userError(String... args) {
    StringWriter err = new StringWriter();
    int code = Vlarl.execute(new PrintWriter(err, true), args);
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().startsWith("error: "), err.toString());
    return err.toString();
  }

  private static List<Path> list(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void theVocabularyCoversTheTrainingInstructions() {
    List<String> all = new ArrayList<>();
    all.addAll(Instructions.REACH);
    all.addAll(Instructions.PUSH);
    all.addAll(Instructions.PICK_PLACE);
    for (String template : all) {
      for (Palette block : Palette.values()) {
        String text = template.replace("{block}", block.word()).replace("{goal}", block.word());
        assertEquals(List.of(), InstructionTokenizer.INSTANCE.unknownWords(text), text);
      }
    }
    assertTrue(TabletopConfig.defaults().tasks().size() == 3);
  }
}
