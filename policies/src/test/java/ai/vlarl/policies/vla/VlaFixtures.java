package ai.vlarl.policies.vla;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import java.util.Map;

/** Small architectures and observations for the VLA tests. */
final class VlaFixtures {
  static final String[] INSTRUCTIONS = {
    "reach the red block",
    "put the yellow block on the blue plate",
    "pick up the green cube and place it on the orange plate",
    "push the purple block into the red zone",
    "go to the blue block"
  };

  private VlaFixtures() {}

  /**
   * A very small architecture: 16×16 images, patch 4 (16 patches) pooled 2×2 (4 tokens), width
   * 32, with the conv stem.
   */
  static VlaArch arch(boolean fused, int proprio, int chunk) {
    return arch(fused, proprio, chunk, true);
  }

  static VlaArch arch(boolean fused, int proprio, int chunk, boolean convStem) {
    return new VlaArch(
        16, 4, 2, fused, convStem, true, convStem, true, false, 16, 1, 2, 32, 2, 4, 48, 16, proprio, 32, chunk, 3,
        InstructionTokenizer.vocabSize());
  }

  /** {@code a} with the wrist image stacked after the camera's (conv stem only). */
  static VlaArch withWrist(VlaArch a) {
    return new VlaArch(a.imageSize(), a.patch(), a.pool(), a.fused(), a.convStem(), a.film(),
        a.keypoints(), a.filmOrder(), true, a.visionWidth(), a.visionLayers(), a.visionHeads(), a.width(),
        a.layers(), a.heads(), a.mlpHidden(), a.valueHidden(), a.proprioDim(), a.maxPromptTokens(),
        a.chunk(), a.actionDim(), a.vocabSize());
  }

  static VlaPolicy policy(VlaArch arch, VlaConfig.Decoding decoding, long seed) {
    return new VlaPolicy(arch, decoding, true, 1.0, seed);
  }

  /** {@code n} observations: random images, instructions from the list, proprio in [-1, 1]. */
  static Observations obs(VlaArch arch, int n, long seed) {
    Rng rng = new Rng(seed);
    int s = arch.imageSize();
    byte[] img = new byte[n * s * s * 3];
    for (int i = 0; i < img.length; i++) {
      img[i] = (byte) rng.nextInt(256);
    }
    String[] instr = new String[n];
    for (int i = 0; i < n; i++) {
      instr[i] = INSTRUCTIONS[rng.nextInt(INSTRUCTIONS.length)];
    }
    HostArray proprio = null;
    if (arch.proprioDim() > 0) {
      float[] p = new float[n * arch.proprioDim()];
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) rng.uniform(-1, 1);
      }
      proprio = HostArray.ofFloats(p, n, arch.proprioDim());
    }
    HostArray wrist = null;
    if (arch.wrist()) {
      byte[] w = new byte[n * s * s * 3];
      for (int i = 0; i < w.length; i++) {
        w[i] = (byte) rng.nextInt(256);
      }
      wrist = HostArray.ofBytes(w, n, s, s, 3);
    }
    return new Observations(n, null, HostArray.ofBytes(img, n, s, s, 3), wrist, proprio, instr, null);
  }

  /** A config with every key at its default except {@code keys}. */
  static VlaConfig config(Map<String, Object> keys) {
    return new ConfigBinder((section, kind) -> VlaConfig.class).bind(VlaConfig.class, keys);
  }
}
