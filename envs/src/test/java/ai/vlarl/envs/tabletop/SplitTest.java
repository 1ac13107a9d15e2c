package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.env.Observations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The episode distributions of the splits. {@code episodes-train-v1.txt} and {@code
 * renders-train-v1.txt} were written by the sampler and renderer before splits existed (seeds
 * 0..199 with 2 distractors; rgb images of seeds 1000..1011): the train split must reproduce them
 * except where an episode's (task, target color) is now held out.
 */
class SplitTest {
  private static final List<String> TRAIN_TEMPLATES = concat(Instructions.REACH, Instructions.PUSH,
      Instructions.PICK_PLACE);
  private static final List<String> UNSEEN_TEMPLATES = concat(Instructions.REACH_UNSEEN,
      Instructions.PUSH_UNSEEN, Instructions.PICK_PLACE_UNSEEN);

  private static List<String> concat(List<String> a, List<String> b, List<String> c) {
    return java.util.stream.Stream.of(a, b, c).flatMap(List::stream).toList();
  }

  static EpisodeSampler sampler(Split split) {
    return new EpisodeSampler(Tasks.ALL, 3, split);
  }

  /** The golden files' line format. */
  static String line(long seed, Episode e) {
    return seed + " " + e.task().name() + layout(e) + " block_colors=" + Arrays.toString(e.blockColors())
        + " | " + e.instruction();
  }

  /** Everything but the block colors and the instruction. */
  static String layout(Episode e) {
    return " ee=" + Arrays.toString(e.ee()) + " blocks=" + Arrays.toString(e.blocks())
        + " fixtures=" + Arrays.toString(e.fixtures()) + " plates=" + Arrays.toString(e.plates())
        + " fixture_colors=" + Arrays.toString(e.fixtureColors());
  }

  static List<String> golden(String name) throws IOException {
    try (InputStream in = SplitTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void theTrainSplitKeepsEveryEpisodeButTheHeldOutCombinations() throws IOException {
    List<String> before = golden("episodes-train-v1.txt");
    EpisodeSampler train = sampler(Split.TRAIN);
    int changed = 0;
    for (int seed = 0; seed < before.size(); seed++) {
      Episode e = train.sample(seed);
      String old = before.get(seed);
      String task = e.task().name();
      Palette held = Split.heldOut(e.task());
      boolean wasHeldOut = old.startsWith(seed + " " + task + " ")
          && old.contains("block_colors=[" + held + ",");
      if (!wasHeldOut) {
        assertEquals(old, line(seed, e), "seed " + seed);
        continue;
      }
      changed++;
      // same layout, the target's color swapped with the first distractor's, same phrasing
      assertTrue(old.contains(layout(e) + " block_colors="), "layout of seed " + seed);
      Palette[] c = e.blockColors();
      assertEquals(held, c[1], "seed " + seed);
      assertTrue(old.contains("block_colors=[" + held + ", " + c[0] + ", " + c[2] + "]"), old);
      String oldInstruction = old.substring(old.indexOf(" | ") + 3);
      // {block} comes first in every phrasing (the goal may have the same color word)
      assertEquals(oldInstruction.replaceFirst(held.word(), c[0].word()), e.instruction());
    }
    // one color of six is held out per task: about 200 / 6 = 33 episodes change
    assertTrue(changed >= 20 && changed <= 50, "changed " + changed);
  }

  @Test
  void theTrainSplitNeverShowsAHeldOutCombinationOrPhrasing() {
    EpisodeSampler zero = new EpisodeSampler(Tasks.ALL, 1, Split.TRAIN); // no distractor to swap with
    for (EpisodeSampler s : List.of(sampler(Split.TRAIN), zero)) {
      for (long seed = 0; seed < 2000; seed++) {
        Episode e = s.sample(seed);
        assertNotEquals(Split.heldOut(e.task()), e.targetColor(), "seed " + seed);
        assertEquals(e.blockColors().length, new HashSet<>(List.of(e.blockColors())).size());
        assertTrue(matchesOneOf(e, TRAIN_TEMPLATES) && !matchesOneOf(e, UNSEEN_TEMPLATES), e.instruction());
      }
    }
  }

  @Test
  void theSemanticSplitHasHeldOutTargetsAndUnseenPhrasingsOnTrainingLayouts() {
    EpisodeSampler train = sampler(Split.TRAIN);
    EpisodeSampler semantic = sampler(Split.OOD_SEMANTIC);
    Set<String> phrasings = new HashSet<>();
    for (long seed = 0; seed < 600; seed++) {
      Episode e = semantic.sample(seed);
      assertEquals(Split.heldOut(e.task()), e.targetColor(), "seed " + seed);
      assertEquals(3, new HashSet<>(List.of(e.blockColors())).size());
      assertTrue(matchesOneOf(e, UNSEEN_TEMPLATES), e.instruction());
      assertTrue(e.instruction().contains(e.targetColor().word()), e.instruction());
      assertEquals(layout(train.sample(seed)), layout(e));
      if (e.targetColor() != e.fixtureColors()[0]) {
        phrasings.add(e.instruction().replace(e.targetColor().word(), "{block}")
            .replace(e.fixtureColors()[0].word(), "{goal}"));
      }
    }
    assertEquals(UNSEEN_TEMPLATES.size(), phrasings.size(), "every unseen phrasing is used: " + phrasings);
  }

  private static boolean matchesOneOf(Episode e, List<String> templates) {
    for (String t : templates) {
      if (t.replace("{block}", e.targetColor().word()).replace("{goal}", e.fixtureColors()[0].word())
          .equals(e.instruction())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theExecutionSplitStartsOutsideTheTrainingRanges() {
    EpisodeSampler s = sampler(Split.OOD_EXECUTION);
    int[] perTask = new int[3];
    for (long seed = 0; seed < 600; seed++) {
      Episode e = s.sample(seed);
      perTask[e.task().slot()]++;
      float[] b = e.blocks();
      float reach = Math.max(Math.abs(b[0]), Math.abs(b[1]));
      assertTrue(reach > Placement.BLOCK_LIMIT && reach <= Placement.BLOCK_LIMIT_OOD + 1e-6,
          e.task().name() + " target at " + b[0] + ", " + b[1] + " (seed " + seed + ")");
      for (int j = 0; j < 3; j++) {
        assertTrue(Math.abs(b[3 * j]) <= Placement.BLOCK_LIMIT_OOD + 1e-6
            && Math.abs(b[3 * j + 1]) <= Placement.BLOCK_LIMIT_OOD + 1e-6);
      }
      for (int f = 0; f < Episode.FIXTURES; f++) {
        assertTrue(Math.abs(e.fixtures()[2 * f]) <= Placement.FIXTURE_LIMIT_OOD + 1e-6
            && Math.abs(e.fixtures()[2 * f + 1]) <= Placement.FIXTURE_LIMIT_OOD + 1e-6);
      }
      float[] ee = e.ee();
      boolean inTrainingBox = Math.abs(ee[0]) <= 0.05 && Math.abs(ee[1]) <= 0.05 && ee[2] >= 0.12
          && ee[2] <= 0.18;
      assertTrue(!inTrainingBox && Math.abs(ee[0]) <= 0.15 && ee[2] >= 0.06 && ee[2] <= 0.22,
          "end-effector " + Arrays.toString(ee));
      assertNotEquals(Split.heldOut(e.task()), e.targetColor());
    }
    assertTrue(Arrays.stream(perTask).allMatch(c -> c > 150), Arrays.toString(perTask));
  }

  @Test
  void theVisionSplitDrawsTheTrainingEpisodes() {
    EpisodeSampler train = sampler(Split.TRAIN);
    EpisodeSampler vision = sampler(Split.OOD_VISION);
    for (long seed = 0; seed < 300; seed++) {
      assertEquals(line(seed, train.sample(seed)), line(seed, vision.sample(seed)));
    }
  }

  static TabletopSimulator rgb(String split, int n, long firstSeed) {
    TabletopSimulator sim = new TabletopSimulator(TabletopConfig.of(Map.of("obs_mode", "rgb",
        "wrist_camera", true, "num_envs", n, "split", split)), n);
    sim.reset(Fixtures.range(n), Fixtures.seeds(n, firstSeed));
    return sim;
  }

  @Test
  void trainingImagesAreUnchanged() throws IOException {
    List<String> before = golden("renders-train-v1.txt");
    TabletopSimulator sim = rgb("train", before.size(), 1000);
    Observations o = sim.observe();
    EpisodeSampler semantic = new EpisodeSampler(Tasks.ALL, 3, Split.OOD_SEMANTIC);
    int compared = 0;
    for (int i = 0; i < before.size(); i++) {
      Episode e = sim.episode(i);
      Palette[] s = semantic.sample(1000 + i).blockColors();
      if (Arrays.equals(new Palette[] {s[1], s[0], s[2]}, e.blockColors())) {
        // drawn with a held-out target (kept by the semantic split, swapped by training), or
        // with the held-out color first among the distractors: skipped either way
        continue;
      }
      String[] want = before.get(i).split(" ");
      assertEquals(want[1], crc(o.image().toByteArray(), i), "third-person image of seed " + want[0]);
      assertEquals(want[2], crc(o.wristImage().toByteArray(), i), "wrist image of seed " + want[0]);
      compared++;
    }
    assertTrue(compared >= 8, "compared " + compared);
    sim.close();
  }

  private static String crc(byte[] images, int i) {
    int per = 64 * 64 * 3;
    CRC32 c = new CRC32();
    c.update(images, i * per, per);
    return Long.toHexString(c.getValue());
  }

  @Test
  void theVisionSplitChangesTheLooksButNotTheObjects() {
    int n = 40;
    TabletopSimulator train = rgb("train", n, 0);
    TabletopSimulator vision = rgb("ood-vision", n, 0);
    byte[] a = train.observe().image().toByteArray();
    byte[] b = vision.observe().image().toByteArray();
    int per = 64 * 64 * 3;
    Set<Integer> corners = new HashSet<>();
    int differ = 0;
    for (int i = 0; i < n; i++) {
      differ += Arrays.equals(a, i * per, (i + 1) * per, b, i * per, (i + 1) * per) ? 0 : 1;
      int p = i * per; // top-left pixel: background
      corners.add(((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff));
      assertEquals(train.episode(i).instruction(), vision.episode(i).instruction());
    }
    assertEquals(n, differ, "every vision-split image differs from training");
    assertTrue(corners.size() >= 8, "backgrounds under varied light: " + corners.size());
    train.close();
    vision.close();
  }

  @Test
  void theCameraRendersStateModeSimulatorsLikeTheRgbObservation() {
    for (String split : List.of("train", "ood-vision")) {
      TabletopSimulator rgb = rgb(split, 3, 7);
      TabletopSimulator state = new TabletopSimulator(TabletopConfig.of(Map.of("num_envs", 3, "split", split)), 3);
      state.reset(Fixtures.range(3), Fixtures.seeds(3, 7));
      TabletopCamera camera = new TabletopCamera(state, 64);
      byte[] obs = rgb.observe().image().toByteArray();
      for (int i = 0; i < 3; i++) {
        assertTrue(Arrays.equals(obs, i * 64 * 64 * 3, (i + 1) * 64 * 64 * 3, camera.render(i), 0, 64 * 64 * 3),
            split + " sub-env " + i);
      }
      assertEquals(256 * 256 * 3, new TabletopCamera(state, 256).render(0).length);
      rgb.close();
      state.close();
    }
  }

  @Test
  void anUnknownSplitIsRefusedNamingTheKnownOnes() {
    RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
        RuntimeException.class, () -> TabletopConfig.of(Map.of("split", "ood-color")));
    assertTrue(e.getMessage().contains("split must be one of train, ood-vision, ood-semantic, ood-execution"),
        e.getMessage());
  }
}
