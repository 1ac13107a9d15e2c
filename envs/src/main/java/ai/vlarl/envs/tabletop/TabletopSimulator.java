package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.ActionSpec;
import ai.vlarl.framework.env.BatchSimulator;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.env.Observations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * N tabletop sub-envs as a {@link BatchSimulator}: wrap it in {@link
 * ai.vlarl.framework.env.AutoResetVectorEnv} (as {@link TabletopEnvFactory} does) for chunks, time
 * limits and auto-reset.
 *
 * <p>Where the work happens: {@code Physics} (end-effector motion, grasping, pushing, block
 * contacts, supports) and {@code Scoring} (success predicates, potentials, rewards) are vectorized
 * ND4J ops over all sub-envs; per-sub-env episode sampling ({@code EpisodeSampler}), observations
 * ({@link StateEncoder}), rendering ({@code Renderer}, {@code WristRenderer}) and the {@link
 * ScriptedExpert} are plain Java over the host mirrors of the {@code World}. A step is about 250
 * ND4J ops of roughly 10 µs fixed cost each, so it takes 2–3 ms whatever N up to several hundred:
 * prefer N in the hundreds (about 80 000 sub-env steps/s at N = 256 on 2 cores).
 *
 * <p>Failure predicate: none. Blocks cannot leave the table (the workspace is walled), so nothing
 * is unrecoverable; episodes end by success or by the horizon only.
 *
 * <p>Everything is deterministic: a sub-env's episode depends on its seed and its actions only,
 * bit for bit, not on N or on other sub-envs. The constructor resets sub-env i with seed i.
 */
public final class TabletopSimulator implements BatchSimulator {
  private final TabletopConfig cfg;
  private final int n;
  private final List<Task> tasks;
  private final EnvSpec spec;
  private final World world;
  private final Arena arena;
  private final Physics physics;
  private final Scoring scoring;
  private final EpisodeSampler sampler;
  private final Renderer renderer;
  private final WristRenderer wrist;
  private final float[] rewardHost;
  private final float[] successHost;

  /**
   * @param cfg the config ({@code num_envs} is ignored in favor of {@code numEnvs})
   * @param numEnvs sub-envs N
   */
  public TabletopSimulator(TabletopConfig cfg, int numEnvs) {
    if (numEnvs < 1) {
      throw new IllegalArgumentException("numEnvs must be at least 1, got " + numEnvs);
    }
    this.cfg = cfg;
    this.n = numEnvs;
    this.tasks = cfg.taskList();
    int k = cfg.blocks();
    ObservationSpec obs =
        cfg.rgb()
            ? new ObservationSpec(0, cfg.image_size(), cfg.image_size(), cfg.wrist_camera(),
                StateEncoder.PROPRIO_DIM, true)
            : new ObservationSpec(StateEncoder.stateDim(k), 0, 0, false, 0, true);
    spec =
        new EnvSpec(
            "tabletop[" + String.join(",", cfg.tasks()) + "]"
                + (cfg.splitKind() == Split.TRAIN ? "" : "/" + cfg.split()),
            n,
            obs,
            new ActionSpec(4, cfg.max_chunk(), List.of("dx", "dy", "dz", "gripper")),
            cfg.tasks(),
            tasks.stream().map(cfg::horizon).toList());
    world = new World(n, k);
    arena = new Arena(n);
    physics = new Physics(world, arena);
    scoring = new Scoring(world, arena, tasks, cfg.reward());
    sampler = new EpisodeSampler(tasks, k, cfg.splitKind());
    renderer = cfg.rgb() ? new Renderer(cfg.image_size(), k, cfg.splitKind()) : null;
    wrist = cfg.rgb() && cfg.wrist_camera() ? new WristRenderer(cfg.image_size(), k, cfg.splitKind()) : null;
    rewardHost = new float[n];
    successHost = new float[n];
    int[] all = new int[n];
    long[] seeds = new long[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
      seeds[i] = i;
    }
    reset(all, seeds);
  }

  /** A simulator with {@code cfg.num_envs()} sub-envs. */
  public TabletopSimulator(TabletopConfig cfg) {
    this(cfg, cfg.num_envs());
  }

  @Override
  public EnvSpec spec() {
    return spec;
  }

  public TabletopConfig config() {
    return cfg;
  }

  /** The current episode of sub-env {@code i}. */
  public Episode episode(int i) {
    return world.episodes[i];
  }

  World world() {
    return world;
  }

  @Override
  public void reset(int[] envIdx, long[] seeds) {
    if (envIdx.length != seeds.length) {
      throw new IllegalArgumentException(seeds.length + " seeds for " + envIdx.length + " sub-envs");
    }
    for (int k = 0; k < envIdx.length; k++) {
      world.start(envIdx[k], sampler.sample(seeds[k]));
    }
    world.push();
    arena.reset();
    World.read(scoring.evaluate().potential(), rewardHost);
    for (int i : envIdx) {
      world.hPhi[i] = rewardHost[i];
    }
    World.write(world.hPhi, world.phi);
  }

  @Override
  public void step(
      HostArray actions, boolean[] active, float[] reward, boolean[] success, boolean[] failure) {
    int frozen = 0;
    for (boolean b : active) {
      frozen += b ? 0 : 1;
    }
    float[][] before = frozen > 0 ? world.saveDynamic() : null;
    arena.reset();
    physics.step(actions.toFloatArray());
    Scoring.Score s = scoring.evaluate();
    World.read(scoring.reward(s), rewardHost);
    World.read(s.success(), successHost);
    world.phi.assign(s.potential());
    world.pull();
    if (frozen > 0) {
      int[] idle = new int[frozen];
      for (int i = 0, j = 0; i < n; i++) {
        if (!active[i]) {
          idle[j++] = i;
        }
      }
      world.restoreDynamic(before, idle);
      world.push();
    }
    for (int i = 0; i < n; i++) {
      if (active[i]) {
        reward[i] = rewardHost[i];
        success[i] = successHost[i] > 0.5f;
        failure[i] = false;
      }
    }
  }

  @Override
  public int horizon(int env) {
    return cfg.horizon(world.episodes[env].task());
  }

  @Override
  public int task(int env) {
    return world.episodes[env].taskId();
  }

  @Override
  public Observations observe() {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return observe(all);
  }

  @Override
  public Observations observe(int[] envIdx) {
    return ObservationWriter.write(world, envIdx, spec.observation(), renderer, wrist);
  }

  @Override
  public byte[] saveState() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(spec.name());
      out.writeInt(n);
      out.writeInt(world.k);
      for (Episode e : world.episodes) {
        out.writeLong(e.seed());
      }
      float[][] dyn = world.saveDynamic();
      for (float[] a : dyn) {
        for (float v : a) {
          out.writeFloat(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void loadState(byte[] state) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      String savedName = in.readUTF();
      int savedN = in.readInt();
      int savedK = in.readInt();
      if (!savedName.equals(spec.name()) || savedN != n || savedK != world.k) {
        throw new IllegalArgumentException(
            "state of " + savedName + " with " + savedN + " sub-envs and " + savedK
                + " blocks; this simulator is " + spec.name() + " with " + n + " and " + world.k);
      }
      for (int i = 0; i < n; i++) {
        world.start(i, sampler.sample(in.readLong()));
      }
      float[][] dyn = world.saveDynamic();
      for (float[] a : dyn) {
        for (int j = 0; j < a.length; j++) {
          a[j] = in.readFloat();
        }
      }
      world.loadDynamic(dyn);
      world.push();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    physics.close();
    arena.close();
    world.close();
  }
}
