package ai.vlarl.framework.eval;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.BatchSimulator;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Records episodes of a {@link BatchSimulator} from a camera of its own (any resolution, whatever
 * the observation mode): wrap the simulator in this and this in the {@link
 * ai.vlarl.framework.env.AutoResetVectorEnv}. A frame is rendered after every sub-step a recorded
 * sub-env takes, inside the wrapper's step and before its same-step auto-reset, so the last frame
 * shows the state the episode ended in.
 */
public final class SimulatorRecorder implements BatchSimulator, FrameRecorder {
  private final BatchSimulator sim;
  private final IntFunction<byte[]> camera;
  private final int width;
  private final int height;
  private final List<List<byte[]>> frames = new ArrayList<>();

  /**
   * @param camera renders sub-env i's current state: RGB bytes {@code [height, width, 3]}, a new
   *     array per call
   */
  public SimulatorRecorder(BatchSimulator sim, IntFunction<byte[]> camera, int width, int height) {
    this.sim = sim;
    this.camera = camera;
    this.width = width;
    this.height = height;
    for (int i = 0; i < sim.spec().numEnvs(); i++) {
      frames.add(null);
    }
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public void start(int env, Observations obs) {
    List<byte[]> f = new ArrayList<>();
    f.add(camera.apply(env));
    frames.set(env, f);
  }

  @Override
  public void stepped(StepResult result) {}

  @Override
  public List<byte[]> stop(int env) {
    List<byte[]> f = frames.get(env);
    frames.set(env, null);
    return f == null ? List.of() : f;
  }

  @Override
  public EnvSpec spec() {
    return sim.spec();
  }

  @Override
  public void reset(int[] envIdx, long[] seeds) {
    sim.reset(envIdx, seeds);
  }

  @Override
  public void step(HostArray actions, boolean[] active, float[] reward, boolean[] success,
      boolean[] failure) {
    sim.step(actions, active, reward, success, failure);
    for (int i = 0; i < active.length; i++) {
      if (active[i] && frames.get(i) != null) {
        frames.get(i).add(camera.apply(i));
      }
    }
  }

  @Override
  public int horizon(int env) {
    return sim.horizon(env);
  }

  @Override
  public int task(int env) {
    return sim.task(env);
  }

  @Override
  public Observations observe() {
    return sim.observe();
  }

  @Override
  public Observations observe(int[] envIdx) {
    return sim.observe(envIdx);
  }

  @Override
  public byte[] saveState() {
    return sim.saveState();
  }

  @Override
  public void loadState(byte[] state) {
    sim.loadState(state);
  }

  @Override
  public void close() {
    sim.close();
  }
}
