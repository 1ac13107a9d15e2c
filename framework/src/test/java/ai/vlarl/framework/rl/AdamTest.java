package ai.vlarl.framework.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class AdamTest {

  private static Parameter param(NDManager m, String name, float value, int size) {
    Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(size)).optInitializer(new ConstantInitializer(value)).build();
    p.initialize(m, DataType.FLOAT32);
    return p;
  }

  /** Runs backward of sum(coef * w) for each parameter, so that grad = coef. */
  private static void backward(PairList<String, Parameter> ps, float... coef) {
    try (var gc = Engine.getInstance().newGradientCollector()) {
      NDArray total = null;
      for (int i = 0; i < ps.size(); i++) {
        NDArray term = ps.get(i).getValue().getArray().mul(coef[i]).sum();
        total = total == null ? term : total.add(term);
      }
      gc.backward(total);
    }
  }

  @Test
  void firstStepMovesEachWeightByTheLearningRate() {
    // grad g = 0.5: m = 0.05, v = 0.00025; bias-corrected m^ = 0.5, v^ = 0.25;
    // step = lr * 0.5 / (sqrt(0.25) + eps) = lr (up to eps) -> w = 1 - 0.1 = 0.9
    try (NDManager m = NDManager.newBaseManager()) {
      PairList<String, Parameter> ps = new PairList<>();
      ps.add("w", param(m, "w", 1f, 2));
      Adam adam = new Adam(ps, 0.9, 0.999, 1e-8);
      backward(ps, 0.5f);
      adam.step(0.1);
      assertArrayEquals(new float[] {0.9f, 0.9f}, ps.get(0).getValue().getArray().toFloatArray(), 1e-6f);
      // gradients were zeroed: a second identical backward gives the same gradient, not double
      backward(ps, 0.5f);
      assertArrayEquals(new float[] {0.5f, 0.5f},
          ps.get(0).getValue().getArray().getGradient().toFloatArray(), 1e-6f);
      adam.close();
    }
  }

  @Test
  void stateRoundTripContinuesIdentically() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      PairList<String, Parameter> a = new PairList<>();
      a.add("w", param(m, "w", 1f, 3));
      PairList<String, Parameter> b = new PairList<>();
      b.add("w", param(m, "w", 1f, 3));
      Adam adamA = new Adam(a, 0.9, 0.999, 1e-8);
      Adam adamB = new Adam(b, 0.9, 0.999, 1e-8);
      backward(a, 0.3f);
      adamA.step(0.01);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      adamA.save(new DataOutputStream(bytes));
      adamB.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      b.get(0).getValue().getArray().set(a.get(0).getValue().getArray().toFloatArray());
      backward(a, -0.7f);
      backward(b, -0.7f);
      adamA.step(0.01);
      adamB.step(0.01);
      assertEquals(2, adamB.stepCount());
      assertArrayEquals(a.get(0).getValue().getArray().toFloatArray(),
          b.get(0).getValue().getArray().toFloatArray(), 0f);
      adamA.close();
      adamB.close();
    }
  }

  @Test
  void globalNormClippingScalesAllGradientsTogether() {
    // grads 3 and 4 -> global norm 5; clipped to 1 -> 0.6 and 0.8
    try (NDManager m = NDManager.newBaseManager()) {
      PairList<String, Parameter> ps = new PairList<>();
      ps.add("a", param(m, "a", 0f, 1));
      ps.add("b", param(m, "b", 0f, 1));
      backward(ps, 3f, 4f);
      double norm = GradientClipping.clipGlobalNorm(ps, 1.0);
      assertEquals(5.0, norm, 1e-6);
      assertEquals(0.6f, ps.get(0).getValue().getArray().getGradient().getFloat(0), 1e-5f);
      assertEquals(0.8f, ps.get(1).getValue().getArray().getGradient().getFloat(0), 1e-5f);
      // below the limit nothing changes
      assertEquals(1.0, GradientClipping.clipGlobalNorm(ps, 2.0), 1e-5);
      assertEquals(0.6f, ps.get(0).getValue().getArray().getGradient().getFloat(0), 1e-5f);
    }
  }
}
