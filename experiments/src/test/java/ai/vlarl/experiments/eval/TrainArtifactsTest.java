package ai.vlarl.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.run.EnvSpecFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real training run writes TensorBoard event files and learning curves beside metrics.jsonl,
 * and env_spec.json.
 */
class TrainArtifactsTest {
  @TempDir Path tmp;

  @Test
  void trainingWritesEventFilesAndLearningCurves() throws IOException {
    Path cfg = tmp.resolve("small.yaml");
    Files.writeString(cfg, "name: small\nenv: {kind: tabletop, tasks: [reach]}\npolicy: {kind: mlp}\n");
    Path run = tmp.resolve("run");
    assertEquals(0, Vlarl.execute("train", "--config", cfg.toString(), "--run-dir", run.toString(),
        "env.num_envs=8", "train.rollout_steps=16", "train.total_steps=512", "train.progress=false",
        "eval.episodes=4", "eval.num_envs=4"));
    List<Path> events;
    try (Stream<Path> s = Files.list(run)) {
      events = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
    }
    assertEquals(1, events.size());
    // file_version, 4 iterations (4 × 128 env steps), the final evaluation
    assertEquals(6, records(Files.readAllBytes(events.get(0))));
    BufferedImage curves = ImageIO.read(run.resolve("learning_curves.png").toFile());
    assertEquals(840, curves.getWidth());
    assertTrue(Files.isRegularFile(run.resolve("metrics.jsonl")));
    // the training env's spec, for rebuilding the policy without the env
    EnvSpec spec = EnvSpecFile.find(run.resolve("checkpoints/step-000000000512")).orElseThrow();
    assertEquals(List.of("reach"), spec.tasks());
    assertEquals(4, spec.action().dim());
    assertEquals(8, spec.numEnvs());
  }

  /** TFRecord's masked CRC-32C, from the JDK's CRC32C (not the writer's own code). */
  static int maskedCrc(byte[] data, int off, int len) {
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    c.update(data, off, len);
    int crc = (int) c.getValue();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  /** Counts the records of an event file, checking both CRCs of each. */
  static int records(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int n = 0;
    while (b.hasRemaining()) {
      int at = b.position();
      int len = (int) b.getLong();
      assertEquals(maskedCrc(file, at, 8), b.getInt());
      assertEquals(maskedCrc(file, at + 12, len), b.getInt(at + 12 + len));
      b.position(at + 16 + len);
      n++;
    }
    return n;
  }
}
