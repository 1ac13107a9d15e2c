package ai.vlarl.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link NoGrad} on a thread of its own, where PyTorch's grad mode starts on. */
class NoGradTest {

  /** Runs {@code body} on a new thread and returns what it returned (or rethrows its failure). */
  private static String onNewThread(java.util.function.Supplier<String> body) throws Exception {
    AtomicReference<Object> out = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        out.set(body.get());
      } catch (Throwable e) {
        out.set(e);
      }
    });
    t.start();
    t.join();
    if (out.get() instanceof Throwable e) {
      throw new AssertionError(e);
    }
    return (String) out.get();
  }

  /**
   * Under a gradient collector (grad mode on), a product of a parameter computed outside the scope
   * is recorded, so a backward pass through it reaches the parameter (d(sum(2w))/dw = 2); one
   * computed inside is not, and the same backward pass is refused.
   */
  @Test
  void anOpOnAParameterIsRecordedOutsideAndNotInside() throws Exception {
    String r = onNewThread(() -> {
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray w = m.create(new float[] {1f, 2f});
        w.setRequiresGradient(true);
        String grad;
        String insideBackward;
        boolean modeInside;
        boolean modeAfter;
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
          NDArray outside = w.mul(2f).sum();
          NDArray inside;
          try (NoGrad g = NoGrad.enter(m)) {
            modeInside = JniUtils.isGradMode();
            inside = w.mul(2f).sum();
          }
          modeAfter = JniUtils.isGradMode();
          c.backward(outside);
          grad = Arrays.toString(w.getGradient().toFloatArray());
          try {
            c.backward(inside);
            insideBackward = "went through";
          } catch (RuntimeException e) {
            insideBackward = "refused";
          }
        }
        return modeInside + "," + modeAfter + "," + grad + "," + insideBackward;
      }
    });
    assertEquals("false,true,[2.0, 2.0],refused", r);
  }

  @Test
  void aThreadWhoseGradModeWasOffKeepsItOff() throws Exception {
    String r = onNewThread(() -> {
      try (NDManager m = NDManager.newBaseManager()) {
        JniUtils.setGradMode(false);
        try (NoGrad g = NoGrad.enter(m)) {
          // nothing to restore
        }
        return String.valueOf(JniUtils.isGradMode());
      }
    });
    assertEquals("false", r);
  }
}
