package ai.vlarl.policies;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import java.util.List;
import java.util.function.Supplier;

/**
 * Layer builders with seeded orthogonal weights and zero biases (CleanRL's {@code layer_init}).
 * Each layer's weights are drawn from its own stream, {@code Rng.derive(seed, layerName)}, so the
 * weights of one layer do not depend on the order in which DJL initializes the others.
 */
public final class Layers {
  /** Gain of hidden layers followed by tanh or ReLU, as in CleanRL. */
  public static final double HIDDEN_GAIN = Math.sqrt(2);

  private Layers() {}

  /** A fully connected layer of {@code units} outputs. */
  public static Linear linear(int units, long seed, String layer, double gain) {
    Linear l = Linear.builder().setUnits(units).build();
    l.setInitializer(OrthogonalInit.of(seed, layer, gain), Parameter.Type.WEIGHT);
    l.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
    return l;
  }

  /** A square 2-D convolution with "same"-style padding {@code kernel / 2}. */
  public static Conv2d conv(
      int filters, int kernel, int stride, long seed, String layer, double gain) {
    Conv2d c =
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new Shape(kernel, kernel))
            .optStride(new Shape(stride, stride))
            .optPadding(new Shape(kernel / 2, kernel / 2))
            .build();
    c.setInitializer(OrthogonalInit.of(seed, layer, gain), Parameter.Type.WEIGHT);
    c.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
    return c;
  }

  /** Output side length of {@link #conv} on an input of side {@code in}. */
  public static int convOut(int in, int kernel, int stride) {
    return Math.floorDiv(in + 2 * (kernel / 2) - kernel, stride) + 1;
  }

  /**
   * {@code Linear → act} for each width in {@code hidden} (gain √2), then a final {@code Linear(out)}
   * with gain {@code outGain}, or no final layer when {@code out == 0}. Layers are named {@code
   * name.0}, {@code name.1}, ... for seeding.
   */
  public static SequentialBlock mlp(
      List<Integer> hidden,
      int out,
      Supplier<Block> activation,
      long seed,
      String name,
      double outGain) {
    SequentialBlock s = new SequentialBlock();
    for (int i = 0; i < hidden.size(); i++) {
      s.add(linear(hidden.get(i), seed, name + "." + i, HIDDEN_GAIN));
      s.add(activation.get());
    }
    if (out > 0) {
      s.add(linear(out, seed, name + "." + hidden.size(), outGain));
    }
    return s;
  }
}
