package ai.vlarl.envs.tabletop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Min;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Out-of-place ND4J float32 operations on {@code [rows, N]} arrays whose results come from a pool of
 * preallocated temporaries.
 *
 * <p>ND4J pays a fixed cost per op (about 10 µs here) and far more when an op allocates its result;
 * the physics therefore writes every intermediate into a pooled array. {@link #reset()} recycles
 * the whole pool at the start of a step; the n-th request of a given row count always returns the
 * same array, so after the first step nothing is allocated. Results are valid until the next
 * {@code reset}. Only IEEE-exact elementwise operations (+ − × ÷ √, min, max, comparisons) and exact
 * reductions (of 0/1 masks, minima) are used, so every element's value depends on that sub-env
 * alone, bit for bit, whatever N.
 */
final class Arena {
  private final int n;
  private final Map<Long, List<INDArray>> pools = new HashMap<>();
  private final Map<Long, Integer> used = new HashMap<>();

  Arena(int n) {
    this.n = n;
  }

  /** Recycles every temporary handed out so far. */
  void reset() {
    used.clear();
  }

  /** Frees the pooled arrays. */
  void close() {
    pools.values().forEach(p -> Nd.close(p.toArray(INDArray[]::new)));
    pools.clear();
    used.clear();
  }

  /** A pooled {@code [rows, N]} array with unspecified contents. */
  INDArray take(long rows) {
    List<INDArray> pool = pools.computeIfAbsent(rows, r -> new ArrayList<>());
    int i = used.merge(rows, 1, Integer::sum) - 1;
    if (i == pool.size()) {
      pool.add(Nd4j.create(DataType.FLOAT, rows, n));
    }
    return pool.get(i);
  }

  private INDArray like(INDArray a) {
    return take(a.rows());
  }

  INDArray add(INDArray a, INDArray b) {
    return a.add(b, like(a));
  }

  INDArray sub(INDArray a, INDArray b) {
    return a.sub(b, like(a));
  }

  INDArray mul(INDArray a, INDArray b) {
    return a.mul(b, like(a));
  }

  INDArray div(INDArray a, INDArray b) {
    return a.div(b, like(a));
  }

  INDArray add(INDArray a, double c) {
    return a.add(c, like(a));
  }

  INDArray mul(INDArray a, double c) {
    return a.mul(c, like(a));
  }

  /** {@code c - a}. */
  INDArray rsub(double c, INDArray a) {
    return a.rsub(c, like(a));
  }

  /** {@code c / a}. */
  INDArray rdiv(double c, INDArray a) {
    return a.rdiv(c, like(a));
  }

  /** 1 where {@code a > 0}, else 0. */
  INDArray positive(INDArray a) {
    INDArray out = like(a);
    Nd4j.getExecutioner().exec(new Step(a, out, 0.0));
    return out;
  }

  /** 1 where {@code a < c}, else 0. */
  INDArray lt(INDArray a, double c) {
    return positive(rsub(c, a));
  }

  /** 1 where {@code a > c}, else 0. */
  INDArray gt(INDArray a, double c) {
    return positive(add(a, -c));
  }

  INDArray sqrt(INDArray a) {
    INDArray out = like(a);
    Nd4j.getExecutioner().exec(new Sqrt(a, out));
    return out;
  }

  INDArray abs(INDArray a) {
    INDArray out = like(a);
    Nd4j.getExecutioner().exec(new Abs(a, out));
    return out;
  }

  /** Elementwise {@code max(a, c)}. */
  INDArray max(INDArray a, double c) {
    INDArray out = like(a);
    Nd4j.getExecutioner().exec(new ScalarMax(a, null, out, c));
    return out;
  }

  /** Clamps {@code a} to [lo, hi] in place. */
  void clampInPlace(INDArray a, double lo, double hi) {
    Nd4j.getExecutioner().exec(new ScalarMax(a, null, a, lo));
    Nd4j.getExecutioner().exec(new ScalarMin(a, null, a, hi));
  }

  /** {@code sqrt(x² + y²)}. */
  INDArray hypot(INDArray x, INDArray y) {
    return sqrt(add(mul(x, x), mul(y, y)));
  }

  /** {@code sqrt(x² + y² + z²)}. */
  INDArray norm(INDArray x, INDArray y, INDArray z) {
    return sqrt(add(add(mul(x, x), mul(y, y)), mul(z, z)));
  }

  /** {@code s / (s + d)}: 1 at d = 0, 1/2 at d = s, toward 0 far away. */
  INDArray closeness(INDArray d, double s) {
    return rdiv(s, add(d, s));
  }

  /** A {@code [1, N]} row repeated into {@code [rows, N]}. */
  INDArray spread(INDArray row, long rows) {
    return take(rows).assign(row);
  }

  /** Column sums {@code [1, N]} of {@code a}. */
  INDArray sumRows(INDArray a) {
    INDArray out = take(1);
    Nd4j.getExecutioner().exec(new Sum(a, out, true, 0));
    return out;
  }

  /** Column minima {@code [1, N]} of {@code a}. */
  INDArray minRows(INDArray a) {
    INDArray out = take(1);
    Nd4j.getExecutioner().exec(new Min(a, out, true, 0));
    return out;
  }

  /** Matrix product {@code m · x} of a small constant matrix with a {@code [rows, N]} array. */
  INDArray mmul(INDArray m, INDArray x) {
    return m.mmul(x, take(m.rows()));
  }
}
