package ai.vlarl.experiments.sft;

import ai.vlarl.envs.tabletop.ScriptedExpert;
import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.envs.tabletop.TabletopSimulator;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.policies.vla.EpisodeDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Demonstrations from the tabletop suite's scripted experts, in rgb mode: N sub-envs run the
 * experts side by side; each step records the camera image, the proprio vector, the instruction
 * and the expert's action (the label). The executed action is the expert's plus Gaussian noise
 * of standard deviation {@code noise} (clipped to [-1, 1]), so the demonstrations also cover
 * states slightly off the expert's path and show how it recovers (DART); the labels stay clean.
 * Only successful episodes are kept. Each step also records the positions of the task's objects
 * ({@link ScriptedExpert#objectPositions}) for SFT's auxiliary probe.
 */
public final class ExpertDemonstrations {
  private ExpertDemonstrations() {}

  /** What a collection produced. */
  public record Result(EpisodeDataset data, int attempted, int kept) {
    /** Fraction of the attempted episodes that succeeded (and were kept). */
    public double expertSuccess() {
      return attempted == 0 ? Double.NaN : (double) kept / attempted;
    }
  }

  /**
   * Collects {@code episodes} successful episodes.
   *
   * @param cfg the tabletop config (must be rgb)
   * @param numEnvs sub-envs run together
   * @param seed seeds the episodes (derived stream {@code sft-demos}) and the noise
   * @param progress told the number of episodes kept so far (may be null)
   * @throws UserException when the env is not in rgb mode, or the experts fail too often
   */
  public static Result collect(
      TabletopConfig cfg, int episodes, int numEnvs, double noise, long seed, IntConsumer progress) {
    if (!cfg.rgb()) {
      throw new UserException(
          "demonstrations for the VLA need camera images: set env.obs_mode=rgb (got '"
              + cfg.obs_mode() + "')");
    }
    int n = Math.min(numEnvs, episodes);
    TabletopSimulator sim = new TabletopSimulator(cfg, n);
    int size = cfg.image_size();
    int proprioDim = sim.spec().observation().proprioDim();
    boolean wrist = sim.spec().observation().wristImage();
    EpisodeDataset.Builder builder =
        new EpisodeDataset.Builder(size, proprioDim, 4, ScriptedExpert.OBJECT_DIM, wrist);
    Rng seeds = Rng.derive(seed, "sft-demos");
    Rng noiseRng = Rng.derive(seed, "sft-noise");
    int attempted = 0;
    try (AutoResetVectorEnv env = new AutoResetVectorEnv(sim, cfg.terminate_on_success(), false)) {
      long[] first = new long[n];
      for (int i = 0; i < n; i++) {
        first[i] = seeds.nextLong();
      }
      Observations obs = env.reset(first);
      List<List<byte[]>> images = buffers(n);
      List<List<byte[]>> wristImages = buffers(n);
      List<List<float[]>> proprio = buffers(n);
      List<List<float[]>> actions = buffers(n);
      List<List<float[]>> objects = buffers(n);
      int od = ScriptedExpert.OBJECT_DIM;
      String[] instructions = obs.instructions().clone();
      int px = size * size * 3;
      int limit = 4 * episodes + 4 * n;
      while (builder.episodes() < episodes) {
        float[] expert = ScriptedExpert.actions(sim);
        float[] positions = ScriptedExpert.objectPositions(sim);
        float[] executed = new float[expert.length];
        byte[] img = obs.image().toByteArray();
        byte[] wimg = wrist ? obs.wristImage().toByteArray() : null;
        float[] prop = obs.proprio().toFloatArray();
        for (int i = 0; i < n; i++) {
          images.get(i).add(java.util.Arrays.copyOfRange(img, i * px, (i + 1) * px));
          if (wrist) {
            wristImages.get(i).add(java.util.Arrays.copyOfRange(wimg, i * px, (i + 1) * px));
          }
          proprio.get(i).add(java.util.Arrays.copyOfRange(prop, i * proprioDim, (i + 1) * proprioDim));
          actions.get(i).add(java.util.Arrays.copyOfRange(expert, 4 * i, 4 * i + 4));
          objects.get(i).add(java.util.Arrays.copyOfRange(positions, od * i, od * (i + 1)));
        }
        for (int k = 0; k < expert.length; k++) {
          double v = expert[k] + (noise > 0 ? noise * noiseRng.nextGaussian() : 0);
          executed[k] = (float) Math.max(-1, Math.min(1, v));
        }
        StepResult r = env.step(HostArray.ofFloats(executed, n, 1, 4));
        for (int k = 0; k < r.doneEnvs().length; k++) {
          int i = r.doneEnvs()[k];
          EpisodeStats e = r.episodes()[k];
          attempted++;
          if (e.successOnce() && builder.episodes() < episodes) {
            builder.add(instructions[i], cfg.tasks().get(e.task()), true, images.get(i),
                wrist ? wristImages.get(i) : null, proprio.get(i), actions.get(i), objects.get(i));
            if (progress != null) {
              progress.accept(builder.episodes());
            }
          }
          images.get(i).clear();
          wristImages.get(i).clear();
          proprio.get(i).clear();
          actions.get(i).clear();
          objects.get(i).clear();
        }
        obs = r.observations();
        instructions = obs.instructions().clone();
        if (attempted > limit) {
          throw new UserException(
              "the scripted experts succeeded in only " + builder.episodes() + " of " + attempted
                  + " episodes; lower policy.sft.noise (" + noise + ")");
        }
      }
    }
    return new Result(builder.build(), attempted, builder.episodes());
  }

  private static <T> List<List<T>> buffers(int n) {
    List<List<T>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    return out;
  }
}
