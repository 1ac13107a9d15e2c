package ai.vlarl.framework.eval;

import ai.vlarl.framework.env.VectorEnv;

/**
 * An opened task env and, when videos were asked for and the env can provide frames, its
 * recorder.
 *
 * @param env the env (closed with this object)
 * @param recorder records episodes of chosen sub-envs, or null
 */
public record EvalEnv(VectorEnv env, FrameRecorder recorder) implements AutoCloseable {
  @Override
  public void close() {
    env.close();
  }
}
