package ai.vlarl.framework.env;

import ai.vlarl.framework.core.HostArray;

/** Test base: a {@link VectorEnv} that passes every call to {@link #env}; override what differs. */
public abstract class ForwardingVectorEnv implements VectorEnv {
  protected final VectorEnv env;

  protected ForwardingVectorEnv(VectorEnv env) {
    this.env = env;
  }

  @Override
  public EnvSpec spec() {
    return env.spec();
  }

  @Override
  public Observations reset(long[] seeds, int[] envIdx) {
    return env.reset(seeds, envIdx);
  }

  @Override
  public StepResult step(HostArray actions) {
    return env.step(actions);
  }

  @Override
  public void release(StepResult result) {
    env.release(result);
  }

  @Override
  public Observations observe() {
    return env.observe();
  }

  @Override
  public void close() {
    env.close();
  }
}
