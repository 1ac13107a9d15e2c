package ai.vlarl.policies.vla;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.vlarl.framework.core.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named parameters of a VLA, created with their initial values drawn in Java (so that they
 * depend on the seed alone, bit for bit, whatever the engine's random state). Names follow the
 * PyTorch modules they correspond to (timm's ViT, Hugging Face's Llama), e.g. {@code
 * llm.layers.0.self_attn.q_proj.weight}; {@link #names()} is the fixed order of every listing.
 *
 * <p>Initial values: {@link Init#NORMAL} draws N(0, std²) with a Box-Muller transform written with
 * {@link StrictMath} from {@code Rng.derive(seed, name)}; {@link Init#ONES} and {@link Init#ZEROS}
 * are constants. Every array requires gradients.
 */
final class ParamSet {
  /** How a parameter starts. */
  enum Init {
    NORMAL,
    ONES,
    ZEROS
  }

  private final NDManager manager;
  private final long seed;
  private final Map<String, Parameter> params = new LinkedHashMap<>();

  ParamSet(NDManager manager, long seed) {
    this.manager = manager;
    this.seed = seed;
  }

  /** Creates parameter {@code name} of {@code shape}; {@code std} is used by {@link Init#NORMAL}. */
  Parameter add(String name, Init init, double std, long... shape) {
    if (params.containsKey(name)) {
      throw new IllegalStateException("parameter " + name + " created twice");
    }
    Shape s = new Shape(shape);
    int n = Math.toIntExact(s.size());
    float[] v = new float[n];
    switch (init) {
      case ONES -> java.util.Arrays.fill(v, 1f);
      case ZEROS -> {}
      case NORMAL -> normals(Rng.derive(seed, name), std, v);
    }
    NDArray a = manager.create(v, s);
    a.setRequiresGradient(true);
    Parameter p =
        Parameter.builder()
            .setName(name)
            .setType(name.endsWith("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT)
            .build();
    p.setArray(a);
    params.put(name, p);
    return p;
  }

  /** Creates parameter {@code name} holding {@code values} (row-major {@code shape}). */
  Parameter add(String name, float[] values, long... shape) {
    if (params.containsKey(name)) {
      throw new IllegalStateException("parameter " + name + " created twice");
    }
    NDArray a = manager.create(values, new Shape(shape));
    a.setRequiresGradient(true);
    Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
    p.setArray(a);
    params.put(name, p);
    return p;
  }

  /**
   * 2-D sine-cosine position embeddings of a {@code side × side} grid (MAE's initialization):
   * row-major positions, the first half of the {@code width} channels encode the row, the second
   * the column, each half as {@code sin(p·ω_k)} then {@code cos(p·ω_k)} with {@code ω_k =
   * 10000^(-k / (width/4))}.
   */
  static float[] sinCos2d(int side, int width) {
    int quarter = width / 4;
    float[] out = new float[side * side * width];
    for (int r = 0; r < side; r++) {
      for (int c = 0; c < side; c++) {
        int o = (r * side + c) * width;
        for (int k = 0; k < quarter; k++) {
          double w = StrictMath.pow(10000, -(double) k / quarter);
          out[o + k] = (float) StrictMath.sin(r * w);
          out[o + quarter + k] = (float) StrictMath.cos(r * w);
          out[o + 2 * quarter + k] = (float) StrictMath.sin(c * w);
          out[o + 3 * quarter + k] = (float) StrictMath.cos(c * w);
        }
      }
    }
    return out;
  }

  /** A weight matrix {@code [out, in]} drawn from N(0, std²). */
  Parameter weight(String name, double std, long out, long in) {
    return add(name, Init.NORMAL, std, out, in);
  }

  /** A zero bias {@code [out]}. */
  Parameter bias(String name, long out) {
    return add(name, Init.ZEROS, 0, out);
  }

  Parameter get(String name) {
    Parameter p = params.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return p;
  }

  /** Every parameter, in creation order. */
  Map<String, Parameter> all() {
    return Collections.unmodifiableMap(params);
  }

  List<String> names() {
    return new ArrayList<>(params.keySet());
  }

  /** Standard normals scaled by {@code std}, platform-independent (StrictMath Box-Muller). */
  static void normals(Rng rng, double std, float[] out) {
    for (int j = 0; j < out.length; j += 2) {
      double u1 = Math.max(rng.nextDouble(), 1e-300);
      double u2 = rng.nextDouble();
      double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
      out[j] = (float) (std * r * StrictMath.cos(2 * Math.PI * u2));
      if (j + 1 < out.length) {
        out[j + 1] = (float) (std * r * StrictMath.sin(2 * Math.PI * u2));
      }
    }
  }
}
