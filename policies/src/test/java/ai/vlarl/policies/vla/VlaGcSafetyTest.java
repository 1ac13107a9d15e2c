package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Evaluation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradients must not depend on when the garbage collector runs. DJL's PyTorch engine frees the
 * Java memory behind scalar operands ({@code x.mul(0.5f)}) at the next GC while autograd may still
 * read it; the VLA avoids such operations on its autograd path ({@link Nn#scale}). With a thread
 * forcing collections all the time, repeated backward passes must give identical gradients.
 */
class VlaGcSafetyTest {

  private static List<float[]> gradients(VlaPolicy p, Observations obs, HostArray tokens) {
    List<float[]> out = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      Evaluation e = p.evaluate(m, obs, tokens);
      System.gc();
      gc.backward(e.tokenLogProb().sum().add(e.tokenEntropy().sum()).add(e.value().sum()));
    }
    for (Parameter param : p.network().namedParameters().values()) {
      try (NDArray g = param.getArray().getGradient()) {
        out.add(g.toFloatArray());
        g.muli(0); // not a scalar on an autograd path: the gradient itself
      }
    }
    return out;
  }

  @Test
  void gradientsAreIdenticalUnderConstantGarbageCollection() throws InterruptedException {
    VlaArch arch = VlaFixtures.arch(false, 5, 2);
    Thread collector =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                // allocate and drop direct buffers so freed native memory gets reused
                for (int i = 0; i < 32; i++) {
                  java.nio.ByteBuffer.allocateDirect(64).putFloat(0, Float.NaN);
                }
              }
            });
    collector.setDaemon(true);
    for (VlaConfig.Decoding d : VlaConfig.Decoding.values()) {
      try (VlaPolicy p = new VlaPolicy(arch, d, true, 0.7, 4)) {
        Observations obs = VlaFixtures.obs(arch, 4, 5);
        HostArray tokens = p.act(obs, false, new Rng(6)).tokens();
        List<float[]> reference = gradients(p, obs, tokens);
        if (!collector.isAlive()) {
          collector.start();
        }
        for (int rep = 0; rep < 8; rep++) {
          List<float[]> again = gradients(p, obs, tokens);
          for (int i = 0; i < again.size(); i++) {
            assertArrayEquals(reference.get(i), again.get(i), d + " rep " + rep + " parameter " + i);
          }
        }
      }
    }
    collector.interrupt();
    collector.join(5000);
  }
}
