package ai.vlarl.framework.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Adam (Kingma and Ba 2015) with bias correction, over DJL parameters, with a checkpointable state.
 *
 * <pre>
 *   m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 *   w = w - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 *
 * Written here rather than using DJL's {@code Adam} because vlarl must save and restore the moment
 * estimates for exact resume, and DJL's optimizer keeps them private. Gradients are read from the
 * parameters ({@code getGradient()}) and zeroed after each step, since the PyTorch engine
 * accumulates them across backward passes.
 */
public final class Adam implements AutoCloseable {
  private final PairList<String, Parameter> params;
  private final NDManager manager;
  private final NDArray[] m;
  private final NDArray[] v;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private long step;

  public Adam(PairList<String, Parameter> params, double beta1, double beta2, double eps) {
    this.params = params;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    NDArray first = params.get(0).getValue().getArray();
    this.manager = first.getManager().newSubManager();
    this.m = new NDArray[params.size()];
    this.v = new NDArray[params.size()];
    for (int i = 0; i < params.size(); i++) {
      NDArray w = params.get(i).getValue().getArray();
      m[i] = manager.zeros(w.getShape(), w.getDataType());
      v[i] = manager.zeros(w.getShape(), w.getDataType());
    }
  }

  /** Applies one update with learning rate {@code lr} and zeroes the gradients. */
  public void step(double lr) {
    double[] all = new double[params.size()];
    java.util.Arrays.fill(all, lr);
    step(all);
  }

  /**
   * Applies one update with a learning rate per parameter ({@code lr[i]} for parameter i, in the
   * order of the parameter list) and zeroes the gradients: parameter groups such as a value head
   * with its own learning rate.
   */
  public void step(double[] lrs) {
    if (lrs.length != params.size()) {
      throw new IllegalArgumentException(lrs.length + " learning rates for " + params.size() + " parameters");
    }
    step++;
    double c1 = 1 - Math.pow(beta1, step);
    double c2 = 1 - Math.pow(beta2, step);
    for (int i = 0; i < params.size(); i++) {
      NDArray w = params.get(i).getValue().getArray();
      try (NDManager scope = manager.newSubManager()) {
        NDArray g = in(scope, w.getGradient());
        m[i].muli((float) beta1).addi(in(scope, g.mul((float) (1 - beta1))));
        v[i].muli((float) beta2).addi(in(scope, in(scope, g.square()).mul((float) (1 - beta2))));
        NDArray denom = in(scope, in(scope, in(scope, v[i].div((float) c2)).sqrt()).add((float) eps));
        NDArray upd = in(scope, in(scope, in(scope, m[i].div((float) c1)).div(denom)).mul((float) lrs[i]));
        w.subi(upd);
        g.subi(g);
      }
    }
  }

  /** Moves {@code a} into {@code scope}, so it is freed with it. */
  static NDArray in(NDManager scope, NDArray a) {
    a.attach(scope);
    return a;
  }

  /** Zeroes the gradients without updating (e.g. after a skipped step). */
  public void zeroGradients() {
    for (int i = 0; i < params.size(); i++) {
      try (NDManager scope = manager.newSubManager()) {
        NDArray g = params.get(i).getValue().getArray().getGradient();
        g.attach(scope);
        g.subi(g);
      }
    }
  }

  public long stepCount() {
    return step;
  }

  /** Writes the step count and both moments. */
  public void save(DataOutputStream out) throws IOException {
    out.writeLong(step);
    out.writeInt(params.size());
    for (int i = 0; i < params.size(); i++) {
      writeArray(out, m[i]);
      writeArray(out, v[i]);
    }
  }

  /** Reads a state written by {@link #save} for the same parameters. */
  public void load(DataInputStream in) throws IOException {
    step = in.readLong();
    int count = in.readInt();
    if (count != params.size()) {
      throw new IOException("optimizer state has " + count + " parameters, model has " + params.size());
    }
    for (int i = 0; i < count; i++) {
      readArray(in, m[i]);
      readArray(in, v[i]);
    }
  }

  private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
    byte[] bytes = new byte[(int) a.size() * 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(a.toFloatArray());
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static void readArray(DataInputStream in, NDArray into) throws IOException {
    int len = in.readInt();
    if (len != into.size() * 4) {
      throw new IOException("optimizer moment of " + len / 4 + " values, parameter has " + into.size());
    }
    byte[] bytes = new byte[len];
    in.readFully(bytes);
    float[] f = new float[len / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    into.set(f);
  }

  @Override
  public void close() {
    manager.close();
  }
}
