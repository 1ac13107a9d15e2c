package ai.vlarl.policies;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.ActionSpec;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Policy;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Hand-built env specs and observation batches for policy tests (no dependency on envs/). */
public final class Fixtures {
  private Fixtures() {}

  public static EnvSpec stateEnv(int stateDim, int actionDim, int maxChunk) {
    return env(new ObservationSpec(stateDim, 0, 0, false, 0, false), actionDim, maxChunk, 1);
  }

  public static EnvSpec imageEnv(
      int side, int proprio, boolean wrist, int tasks, int actionDim, int maxChunk) {
    return env(new ObservationSpec(0, side, side, wrist, proprio, true), actionDim, maxChunk, tasks);
  }

  public static EnvSpec env(ObservationSpec o, int actionDim, int maxChunk, int tasks) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < actionDim; i++) {
      names.add("a" + i);
    }
    List<String> taskNames = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      taskNames.add("task" + i);
    }
    return new EnvSpec(
        "test-env",
        4,
        o,
        new ActionSpec(actionDim, maxChunk, names),
        taskNames,
        Collections.nCopies(tasks, 50));
  }

  /** Random observations with every part {@code spec} declares. */
  public static Observations observations(EnvSpec spec, int n, long seed) {
    Rng rng = new Rng(seed);
    ObservationSpec o = spec.observation();
    HostArray state = o.hasState() ? gaussian(rng, n, o.stateDim()) : null;
    HostArray image = o.hasImage() ? pixels(rng, n, o.imageHeight(), o.imageWidth()) : null;
    HostArray wrist =
        o.hasImage() && o.wristImage() ? pixels(rng, n, o.imageHeight(), o.imageWidth()) : null;
    HostArray proprio = o.proprioDim() > 0 ? gaussian(rng, n, o.proprioDim()) : null;
    int[] tasks = null;
    if (!spec.tasks().isEmpty()) {
      tasks = new int[n];
      for (int i = 0; i < n; i++) {
        tasks[i] = rng.nextInt(spec.tasks().size());
      }
    }
    String[] instr = o.instructions() ? new String[n] : null;
    if (instr != null) {
      java.util.Arrays.fill(instr, "do it");
    }
    return new Observations(n, state, image, wrist, proprio, instr, tasks);
  }

  public static HostArray gaussian(Rng rng, int n, int d) {
    float[] x = new float[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return HostArray.ofFloats(x, n, d);
  }

  public static HostArray pixels(Rng rng, int n, int h, int w) {
    byte[] b = new byte[n * h * w * 3];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) rng.nextInt(256);
    }
    return HostArray.ofBytes(b, n, h, w, 3);
  }

  /** All parameter values, in {@link Policy#parameters()} order. */
  public static List<float[]> weights(Policy p) {
    List<float[]> out = new ArrayList<>();
    PairList<String, Parameter> ps = p.parameters();
    for (Parameter param : ps.values()) {
      NDArray a = param.getArray();
      out.add(a.toFloatArray());
    }
    return out;
  }

  public static byte[] save(Policy p) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      p.saveParameters(out);
    }
    return bytes.toByteArray();
  }
}
