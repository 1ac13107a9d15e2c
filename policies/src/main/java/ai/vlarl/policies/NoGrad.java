package ai.vlarl.policies;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * {@code torch.no_grad()} for a scope: turns autograd recording off on the calling thread and
 * restores the previous mode on close.
 *
 * <p>Needed because PyTorch's grad mode is thread-local and <em>on</em> by default in every
 * thread: DJL's PyTorch engine switches it off only on the thread that loaded the engine, so an
 * {@code act()} on a rollout thread would otherwise record an autograd graph (saved activations)
 * for nothing. Engines other than PyTorch are left alone.
 */
public final class NoGrad implements AutoCloseable {
  private final boolean restore;

  private NoGrad(boolean restore) {
    this.restore = restore;
  }

  /** Turns grad mode off on this thread until {@link #close()} (no-op when already off). */
  public static NoGrad enter(NDManager manager) {
    if (!"PyTorch".equals(manager.getEngine().getEngineName()) || !JniUtils.isGradMode()) {
      return new NoGrad(false);
    }
    JniUtils.setGradMode(false);
    return new NoGrad(true);
  }

  @Override
  public void close() {
    if (restore) {
      JniUtils.setGradMode(true);
    }
  }
}
