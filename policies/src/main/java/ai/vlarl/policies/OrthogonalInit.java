package ai.vlarl.policies;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import ai.vlarl.framework.core.Rng;

/**
 * Orthogonal weight initialization (Saxe et al. 2014; {@code torch.nn.init.orthogonal_}), drawn in
 * Java from an {@link Rng} so that weights depend on the seed alone: identical in every run and
 * every JVM, whatever the engine's own random state (which is global and which other code moves).
 *
 * <p>A weight of shape {@code [out, d1, d2, ...]} is treated as an {@code out × (d1·d2·...)}
 * matrix (so conv kernels are orthogonal over their flattened fan-in). A standard normal matrix is
 * orthonormalized along its shorter side with modified Gram-Schmidt (twice, for numerical
 * orthogonality), then scaled by {@code gain}: rows are orthonormal when {@code out ≤ fan-in},
 * columns otherwise. Normals come from a Box-Muller transform written with {@link StrictMath}, so
 * the values are bit-identical across platforms.
 *
 * @param seed the seed of this one weight (derive one per layer)
 * @param gain the scale (CleanRL: √2 for hidden layers, 0.01 for the policy logits, 1 for value)
 */
public record OrthogonalInit(long seed, double gain) implements Initializer {

  /** An initializer for the layer called {@code layer} of a model seeded with {@code seed}. */
  public static OrthogonalInit of(long seed, String layer, double gain) {
    return new OrthogonalInit(Rng.derive(seed, layer).nextLong(), gain);
  }

  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    int rows = Math.toIntExact(shape.get(0));
    int cols = Math.toIntExact(shape.size() / Math.max(1, rows));
    float[] w = matrix(rows, cols, gain, new Rng(seed));
    NDArray a = manager.create(w, shape);
    return dataType == DataType.FLOAT32 ? a : a.toType(dataType, false);
  }

  /** A row-major {@code rows × cols} (semi-)orthogonal matrix scaled by {@code gain}. */
  public static float[] matrix(int rows, int cols, double gain, Rng rng) {
    boolean byRows = rows <= cols;
    int k = byRows ? rows : cols; // number of vectors to orthonormalize
    int len = byRows ? cols : rows; // their length
    double[][] v = new double[k][len];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < len; j += 2) {
        double u1 = Math.max(rng.nextDouble(), 1e-300);
        double u2 = rng.nextDouble();
        double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
        v[i][j] = r * StrictMath.cos(2 * Math.PI * u2);
        if (j + 1 < len) {
          v[i][j + 1] = r * StrictMath.sin(2 * Math.PI * u2);
        }
      }
    }
    for (int i = 0; i < k; i++) {
      for (int pass = 0; pass < 2; pass++) {
        for (int p = 0; p < i; p++) {
          double dot = 0;
          for (int j = 0; j < len; j++) {
            dot += v[i][j] * v[p][j];
          }
          for (int j = 0; j < len; j++) {
            v[i][j] -= dot * v[p][j];
          }
        }
      }
      double norm = 0;
      for (int j = 0; j < len; j++) {
        norm += v[i][j] * v[i][j];
      }
      norm = StrictMath.sqrt(norm);
      for (int j = 0; j < len; j++) {
        v[i][j] /= norm;
      }
    }
    float[] out = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[r * cols + c] = (float) (gain * (byRows ? v[r][c] : v[c][r]));
      }
    }
    return out;
  }
}
