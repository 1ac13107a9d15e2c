package ai.vlarl.framework.env;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a {@link BatchSimulator} into a {@link VectorEnv}: validates actions, executes chunks,
 * applies time limits, auto-resets finished sub-envs in the same step and keeps episode metrics.
 *
 * <p>Termination rules: a failure terminates; success terminates when {@code terminateOnSuccess};
 * reaching the task's horizon truncates. With {@code ignoreTerminations} (the evaluation protocol
 * of ManiSkill3), only the horizon ends episodes and {@code successAtEnd} becomes meaningful.
 */
public final class AutoResetVectorEnv implements VectorEnv, Snapshottable {
  private final BatchSimulator sim;
  private final EnvSpec spec;
  private final boolean terminateOnSuccess;
  private final boolean ignoreTerminations;
  private final int n;
  private final int dim;

  // per-sub-env episode bookkeeping
  private final long[] seeds;
  private final int[] length;
  private final double[] episodeReturn;
  private final boolean[] successOnce;

  /**
   * @param sim the simulator to wrap (closed with this env)
   * @param terminateOnSuccess end the episode when the success predicate first holds
   * @param ignoreTerminations never terminate; run every episode to its horizon
   */
  public AutoResetVectorEnv(
      BatchSimulator sim, boolean terminateOnSuccess, boolean ignoreTerminations) {
    this.sim = sim;
    this.spec = sim.spec();
    this.terminateOnSuccess = terminateOnSuccess;
    this.ignoreTerminations = ignoreTerminations;
    this.n = spec.numEnvs();
    this.dim = spec.action().dim();
    this.seeds = new long[n];
    for (int i = 0; i < n; i++) {
      seeds[i] = i; // before the first reset, sub-env i counts as started from seed i (VectorEnv)
    }
    this.length = new int[n];
    this.episodeReturn = new double[n];
    this.successOnce = new boolean[n];
  }

  @Override
  public EnvSpec spec() {
    return spec;
  }

  @Override
  public Observations reset(long[] newSeeds, int[] envIdx) {
    restart(newSeeds, envIdx);
    return sim.observe();
  }

  /** Starts new episodes in sub-envs {@code envIdx}; renders nothing (the caller observes once). */
  private void restart(long[] newSeeds, int[] envIdx) {
    if (newSeeds.length != envIdx.length) {
      throw new IllegalArgumentException(newSeeds.length + " seeds for " + envIdx.length + " envs");
    }
    for (int k = 0; k < envIdx.length; k++) {
      int i = envIdx[k];
      if (i < 0 || i >= n) {
        throw new IndexOutOfBoundsException("sub-env " + i + " of " + n);
      }
      seeds[i] = newSeeds[k];
      clearEpisode(i);
    }
    sim.reset(envIdx, newSeeds);
  }

  private void clearEpisode(int i) {
    length[i] = 0;
    episodeReturn[i] = 0;
    successOnce[i] = false;
  }

  @Override
  public StepResult step(HostArray actions) {
    int chunk = ActionCheck.validate(spec, actions);
    float[] reward = new float[n];
    boolean[] terminated = new boolean[n];
    boolean[] truncated = new boolean[n];
    boolean[] success = new boolean[n];
    int[] steps = new int[n];
    boolean[] active = new boolean[n];
    Arrays.fill(active, true);
    float[] r = new float[n];
    boolean[] s = new boolean[n];
    boolean[] f = new boolean[n];
    HostArray sub = HostArray.allocate(actions.dtype(), n, dim);
    float[] all = actions.toFloatArray();
    float[] row = new float[n * dim];
    for (int j = 0; j < chunk; j++) {
      for (int i = 0; i < n; i++) {
        System.arraycopy(all, (i * chunk + j) * dim, row, i * dim, dim);
      }
      sub.floats().put(row);
      sim.step(sub, active, r, s, f);
      boolean anyActive = false;
      for (int i = 0; i < n; i++) {
        if (!active[i]) {
          continue;
        }
        reward[i] += r[i];
        success[i] = s[i];
        steps[i]++;
        length[i]++;
        episodeReturn[i] += r[i];
        successOnce[i] |= s[i];
        if (!ignoreTerminations && (f[i] || (terminateOnSuccess && s[i]))) {
          terminated[i] = true;
        } else if (length[i] >= sim.horizon(i)) {
          truncated[i] = true;
        }
        active[i] = !(terminated[i] || truncated[i]);
        anyActive |= active[i];
      }
      if (!anyActive) {
        break;
      }
    }
    return finish(reward, terminated, truncated, success, steps);
  }

  private StepResult finish(
      float[] reward, boolean[] terminated, boolean[] truncated, boolean[] success, int[] steps) {
    List<Integer> done = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (terminated[i] || truncated[i]) {
        done.add(i);
      }
    }
    int[] doneEnvs = done.stream().mapToInt(Integer::intValue).toArray();
    Observations finalObs = null;
    EpisodeStats[] episodes = new EpisodeStats[doneEnvs.length];
    if (doneEnvs.length > 0) {
      finalObs = sim.observe(doneEnvs);
      long[] next = new long[doneEnvs.length];
      for (int k = 0; k < doneEnvs.length; k++) {
        int i = doneEnvs[k];
        episodes[k] =
            new EpisodeStats(i, sim.task(i), successOnce[i], success[i], episodeReturn[i],
                length[i], terminated[i], truncated[i]);
        next[k] = nextSeed(seeds[i]);
      }
      restart(next, doneEnvs);
    }
    return new StepResult(sim.observe(), reward, terminated, truncated, success, steps, doneEnvs,
        finalObs, episodes);
  }

  /** The seed of the episode that follows one started from {@code seed}. */
  public static long nextSeed(long seed) {
    return Rng.mix(seed + 0x632BE59BD9B4E019L);
  }

  @Override
  public Observations observe() {
    return sim.observe();
  }

  @Override
  public byte[] saveState() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(n);
      for (int i = 0; i < n; i++) {
        out.writeLong(seeds[i]);
        out.writeInt(length[i]);
        out.writeDouble(episodeReturn[i]);
        out.writeBoolean(successOnce[i]);
      }
      byte[] simState = sim.saveState();
      out.writeInt(simState.length);
      out.write(simState);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void loadState(byte[] state) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      int saved = in.readInt();
      if (saved != n) {
        throw new IllegalArgumentException("state of " + saved + " sub-envs, env has " + n);
      }
      for (int i = 0; i < n; i++) {
        seeds[i] = in.readLong();
        length[i] = in.readInt();
        episodeReturn[i] = in.readDouble();
        successOnce[i] = in.readBoolean();
      }
      byte[] simState = new byte[in.readInt()];
      in.readFully(simState);
      sim.loadState(simState);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    sim.close();
  }
}
