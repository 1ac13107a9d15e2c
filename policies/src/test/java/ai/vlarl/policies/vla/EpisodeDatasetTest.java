package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.env.Observations;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeDatasetTest {

  /** Episode e, step t: image bytes all (10e + t), proprio [e, t], action [e + t/10, -t/10]. */
  static EpisodeDataset dataset(int[] lengths) {
    EpisodeDataset.Builder b = new EpisodeDataset.Builder(2, 2, 2);
    for (int e = 0; e < lengths.length; e++) {
      List<byte[]> img = new ArrayList<>();
      List<float[]> prop = new ArrayList<>();
      List<float[]> act = new ArrayList<>();
      for (int t = 0; t < lengths[e]; t++) {
        byte[] px = new byte[12];
        java.util.Arrays.fill(px, (byte) (10 * e + t));
        img.add(px);
        prop.add(new float[] {e, t});
        act.add(new float[] {e + t / 10f, -t / 10f});
      }
      b.add("reach the red block " + e, e % 2 == 0 ? "reach" : "push", true, img, prop, act);
    }
    return b.build();
  }

  @Test
  void chunksRepeatTheLastActionPastTheEpisodeEnd() {
    EpisodeDataset d = dataset(new int[] {3, 2});
    assertEquals(5, d.steps());
    // step 1 of episode 0 with chunk 3: actions of steps 1, 2, then 2 again
    float[] c = d.chunks(new int[] {1, 3}, 3);
    assertArrayEquals(
        new float[] {0.1f, -0.1f, 0.2f, -0.2f, 0.2f, -0.2f, /* episode 1 */ 1f, 0f, 1.1f, -0.1f, 1.1f, -0.1f},
        c, 1e-6f);
    Observations o = d.observations(new int[] {4, 0});
    assertEquals("reach the red block 1", o.instructions()[0]);
    assertEquals(11, o.image().getUnsignedByte(0)); // episode 1, step 1
    assertArrayEquals(new float[] {1f, 1f, 0f, 0f}, o.proprio().toFloatArray());
  }

  @Test
  void writesAndReadsBackTheSameDataset(@TempDir Path dir) throws IOException {
    EpisodeDataset d = dataset(new int[] {3, 1, 4});
    d.write(dir);
    EpisodeDataset back = EpisodeDataset.read(dir);
    assertEquals(d.episodes(), back.episodes());
    assertArrayEquals(d.actions(), back.actions());
    int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
    assertEquals(d.observations(all), back.observations(all));
    assertArrayEquals(d.chunks(all, 2), back.chunks(all, 2));
    Safetensors.Contents c = Safetensors.read(dir.resolve(EpisodeDataset.FILE));
    assertArrayEquals(new int[] {0, 0, 0, 1, 2, 2, 2, 2}, c.tensors().get("episode").toInts());
    assertEquals("[\"reach\",\"push\",\"reach\"]", c.metadata().get("tasks"));
  }

  @Test
  void objectPositionsTravelWithTheStepsAndRoundTrip(@TempDir Path dir) throws IOException {
    EpisodeDataset.Builder b = new EpisodeDataset.Builder(2, 0, 1, 3);
    List<byte[]> img = List.of(new byte[12], new byte[12]);
    List<float[]> act = List.of(new float[] {1f}, new float[] {-1f});
    b.add("reach the red block", "reach", true, img, null, List.of(), act,
        List.of(new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.4f, 0.5f, 0.6f}));
    var missing = assertThrows(IllegalArgumentException.class,
        () -> b.add("reach the red block", "reach", true, img, null, List.of(), act, null));
    assertTrue(missing.getMessage().contains("records object positions"), missing.getMessage());
    EpisodeDataset d = b.build();
    assertEquals(3, d.targetDim());
    assertArrayEquals(new float[] {0.4f, 0.5f, 0.6f, 0.1f, 0.2f, 0.3f}, d.targets(new int[] {1, 0}));
    d.write(dir);
    EpisodeDataset back = EpisodeDataset.read(dir);
    assertEquals(3, back.targetDim());
    assertArrayEquals(d.targets(new int[] {0, 1}), back.targets(new int[] {0, 1}));
    // datasets written without positions read back without them
    EpisodeDataset plain = dataset(new int[] {2});
    plain.write(dir.resolve("plain"));
    assertEquals(0, EpisodeDataset.read(dir.resolve("plain")).targetDim());
    assertThrows(IllegalStateException.class, () -> plain.targets(new int[] {0}));
  }

  @Test
  void wristImagesTravelWithTheStepsAndRoundTrip(@TempDir Path dir) throws IOException {
    EpisodeDataset.Builder b = new EpisodeDataset.Builder(2, 0, 1, 0, true);
    // step t: camera bytes all t, wrist bytes all 100 + t
    List<byte[]> img = List.of(filled(0), filled(1));
    List<byte[]> wrist = List.of(filled(100), filled(101));
    List<float[]> act = List.of(new float[] {1f}, new float[] {-1f});
    var missing = assertThrows(IllegalArgumentException.class,
        () -> b.add("reach the red block", "reach", true, img, null, List.of(), act, null));
    assertTrue(missing.getMessage().contains("records wrist images"), missing.getMessage());
    var wrongSize = assertThrows(IllegalArgumentException.class,
        () -> b.add("reach the red block", "reach", true, img, List.of(filled(100), new byte[3]),
            List.of(), act, null));
    assertTrue(wrongSize.getMessage().contains("wrist image of step 1 has 3 bytes"), wrongSize.getMessage());
    EpisodeDataset d = b.add("reach the red block", "reach", true, img, wrist, List.of(), act, null).build();
    assertTrue(d.hasWrist());
    d.write(dir);
    EpisodeDataset back = EpisodeDataset.read(dir);
    assertTrue(back.hasWrist());
    Observations o = back.observations(new int[] {1, 0});
    assertArrayEquals(concat(filled(1), filled(0)), o.image().toByteArray());
    assertArrayEquals(concat(filled(101), filled(100)), o.wristImage().toByteArray());
    // without wrist images, observations carry none
    assertEquals(null, dataset(new int[] {1}).observations(new int[] {0}).wristImage());
  }

  @Test
  void aWristTensorShapedUnlikeTheImagesIsRefused(@TempDir Path dir) throws IOException {
    try (OutputStream o = Files.newOutputStream(dir.resolve(EpisodeDataset.FILE))) {
      Safetensors.writeTensors(
          o,
          Map.of("format", EpisodeDataset.FORMAT, "instructions", "[\"a\"]", "tasks", "[]", "success", "[]"),
          Map.of(
              "image", Safetensors.u8(new byte[12], 1, 2, 2, 3),
              "wrist", Safetensors.u8(new byte[27], 1, 3, 3, 3),
              "action", Safetensors.f32(new float[] {0, 0}, 1, 2),
              "episode", Safetensors.i32(new int[] {0}, 1)));
    }
    var e = assertThrows(IOException.class, () -> EpisodeDataset.read(dir));
    assertTrue(e.getMessage().contains("tensor 'wrist' must be U8 shaped like 'image' [1, 2, 2, 3]"), e.getMessage());
  }

  private static byte[] filled(int v) {
    byte[] b = new byte[12];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void badFilesAreRefusedNamingTheField(@TempDir Path dir) throws IOException {
    var missing = assertThrows(IOException.class, () -> EpisodeDataset.read(dir));
    assertTrue(missing.getMessage().contains("no episode dataset there"), missing.getMessage());
    Path f = dir.resolve(EpisodeDataset.FILE);
    try (OutputStream o = Files.newOutputStream(f)) {
      Safetensors.writeTensors(
          o,
          Map.of("format", EpisodeDataset.FORMAT, "instructions", "[\"a\"]", "tasks", "[]", "success", "[]"),
          Map.of(
              "image", Safetensors.u8(new byte[12], 1, 2, 2, 3),
              "action", Safetensors.f32(new float[] {0, 0}, 1, 2)));
    }
    var noEpisode = assertThrows(IOException.class, () -> EpisodeDataset.read(dir));
    assertTrue(
        noEpisode.getMessage().contains("tensor 'episode' must be I32 of rank 1, got none"),
        noEpisode.getMessage());
  }
}
