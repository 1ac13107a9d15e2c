package ai.vlarl.experiments.eval;

import ai.vlarl.envs.tabletop.TabletopCamera;
import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.envs.tabletop.TabletopSimulator;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.eval.EvalEnv;
import ai.vlarl.framework.eval.EvalTask;
import ai.vlarl.framework.eval.SimulatorRecorder;

/**
 * One task of a tabletop suite: episodes of a single tabletop task ({@code cfg.tasks()} has one
 * entry), episode k from seed {@code base + k}, in an embedded simulator with {@code numEnvs}
 * sub-envs. Videos come from a {@link TabletopCamera} of {@link #VIDEO_SIZE} px, whatever the
 * observation mode.
 *
 * @param name the task's name
 * @param cfg the env config: the checkpoint's, restricted to this task, with the suite's split
 * @param episodes episodes to run
 * @param numEnvs sub-envs side by side
 * @param base the seed of episode 0
 */
record TabletopTask(String name, TabletopConfig cfg, int episodes, int numEnvs, long base)
    implements EvalTask {
  /** Side of the video frames in pixels. */
  static final int VIDEO_SIZE = 256;

  @Override
  public long seed(int k) {
    return base + k;
  }

  @Override
  public EvalEnv open(boolean record) {
    TabletopSimulator sim = new TabletopSimulator(cfg, numEnvs);
    if (!record) {
      return new EvalEnv(new AutoResetVectorEnv(sim, cfg.terminate_on_success(),
          cfg.eval_ignore_terminations()), null);
    }
    TabletopCamera camera = new TabletopCamera(sim, VIDEO_SIZE);
    SimulatorRecorder recorder = new SimulatorRecorder(sim, camera::render, VIDEO_SIZE, VIDEO_SIZE);
    return new EvalEnv(new AutoResetVectorEnv(recorder, cfg.terminate_on_success(),
        cfg.eval_ignore_terminations()), recorder);
  }
}
