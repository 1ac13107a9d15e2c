package ai.vlarl.simbridge.wire;

import ai.vlarl.framework.core.DType;
import ai.vlarl.framework.core.HostArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An n-dimensional array as it travels: a numpy dtype, a shape and row-major little-endian bytes.
 *
 * <p>On the wire it is msgpack-numpy's map ({@code nd, type, kind, shape, data}) or, for large
 * arrays, the same map with {@code frame} in place of {@code data} (see PROTOCOL.md). The typed
 * accessors check the dtype and say which field was wrong.
 */
public final class WireArray {
  /** Most dimensions an array may have (numpy's limit before numpy 2). */
  public static final int MAX_RANK = 32;

  private final NumpyDtype dtype;
  private final int[] shape;
  private final ByteBuffer data;

  /**
   * @param data exactly the array's bytes, little-endian (position 0 .. limit); not copied
   * @throws WireException when the bytes do not fill the shape
   */
  public WireArray(NumpyDtype dtype, int[] shape, ByteBuffer data) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (shape.length > MAX_RANK) {
      throw new WireException(ErrorCode.BAD_ARRAY, "shape " + Arrays.toString(shape) + " has " + shape.length
          + " dimensions; at most " + MAX_RANK);
    }
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new WireException(ErrorCode.BAD_ARRAY, "negative dimension in shape " + Arrays.toString(shape));
      }
      n = elements(n, d, shape);
    }
    long bytes = elements(n, dtype.bytes(), shape);
    if (bytes != this.data.remaining()) {
      throw new WireException(ErrorCode.BAD_ARRAY, this.data.remaining() + " bytes of data do not fill "
          + dtype.str() + Arrays.toString(shape) + " (" + bytes + " bytes)");
    }
  }

  /** {@code n * d}, refused when it does not fit a long (a shape no message can fill). */
  private static long elements(long n, long d, int[] shape) {
    try {
      return Math.multiplyExact(n, d);
    } catch (ArithmeticException e) {
      throw new WireException(ErrorCode.BAD_ARRAY, "shape " + Arrays.toString(shape) + " has more elements than any"
          + " message can hold");
    }
  }

  /** A view of a host array (no copy). */
  public static WireArray of(HostArray a) {
    requireLittleEndianHost();
    return new WireArray(NumpyDtype.of(a.dtype()), a.shape(), a.bytes());
  }

  public static WireArray ofLongs(long[] v) {
    ByteBuffer b = le(v.length * 8);
    b.asLongBuffer().put(v);
    return new WireArray(NumpyDtype.INT64, new int[] {v.length}, b);
  }

  public static WireArray ofInts(int[] v) {
    ByteBuffer b = le(v.length * 4);
    b.asIntBuffer().put(v);
    return new WireArray(NumpyDtype.INT32, new int[] {v.length}, b);
  }

  public static WireArray ofFloats(float[] v) {
    ByteBuffer b = le(v.length * 4);
    b.asFloatBuffer().put(v);
    return new WireArray(NumpyDtype.FLOAT32, new int[] {v.length}, b);
  }

  public static WireArray ofDoubles(double[] v) {
    ByteBuffer b = le(v.length * 8);
    b.asDoubleBuffer().put(v);
    return new WireArray(NumpyDtype.FLOAT64, new int[] {v.length}, b);
  }

  public static WireArray ofBooleans(boolean[] v) {
    ByteBuffer b = le(v.length);
    for (boolean x : v) {
      b.put((byte) (x ? 1 : 0));
    }
    return new WireArray(NumpyDtype.BOOL, new int[] {v.length}, b.flip());
  }

  private static ByteBuffer le(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  static void requireLittleEndianHost() {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new UnsupportedOperationException("the bridge needs a little-endian host");
    }
  }

  public NumpyDtype dtype() {
    return dtype;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int i) {
    return shape[i];
  }

  /** Number of elements. */
  public int size() {
    return data.remaining() / dtype.bytes();
  }

  /** Size of the data in bytes. */
  public int byteSize() {
    return data.remaining();
  }

  /** A fresh read-only-position view of the data (little-endian). */
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The array as a host array of dtype {@code want}: a view when the data already is a whole
   * direct buffer (as large received frames are), else a copy into one.
   *
   * @param where the field, for errors
   */
  public HostArray toHost(DType want, String where) {
    requireLittleEndianHost();
    if (dtype.host() != want) {
      throw new WireException(ErrorCode.BAD_ARRAY,
          where + " must be " + NumpyDtype.of(want).str() + ", got " + dtype.str());
    }
    ByteBuffer d = data();
    if (d.isDirect() && d.position() == 0 && d.capacity() == d.remaining()) {
      return HostArray.wrap(want, d, shape); // received into a direct buffer: no copy
    }
    HostArray out = HostArray.allocate(want, shape);
    out.bytes().put(d);
    return out;
  }

  /** The elements as longs; any integer dtype (a uint64 above 2^63 - 1 is refused). */
  public long[] toLongs(String where) {
    if (!dtype.isInteger()) {
      throw new WireException(ErrorCode.BAD_ARRAY, where + " must be an integer array, got " + dtype.str());
    }
    ByteBuffer b = data();
    long[] out = new long[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (dtype) {
        case INT8 -> b.get(i);
        case UINT8 -> b.get(i) & 0xffL;
        case INT16 -> b.getShort(2 * i);
        case UINT16 -> b.getShort(2 * i) & 0xffffL;
        case INT32 -> b.getInt(4 * i);
        case UINT32 -> b.getInt(4 * i) & 0xffffffffL;
        case INT64 -> b.getLong(8 * i);
        case UINT64 -> {
          long v = b.getLong(8 * i);
          if (v < 0) {
            throw new WireException(ErrorCode.BAD_ARRAY, where + "[" + i + "] = "
                + Long.toUnsignedString(v) + " does not fit a signed 64-bit integer");
          }
          yield v;
        }
        default -> throw new IllegalStateException();
      };
    }
    return out;
  }

  /** The elements as ints; any integer dtype whose values fit. */
  public int[] toInts(String where) {
    long[] l = toLongs(where);
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      if (l[i] != (int) l[i]) {
        throw new WireException(ErrorCode.BAD_ARRAY, where + "[" + i + "] = " + l[i] + " does not fit int32");
      }
      out[i] = (int) l[i];
    }
    return out;
  }

  /** The elements of a {@code <f4} array. */
  public float[] toFloats(String where) {
    require(NumpyDtype.FLOAT32, where);
    float[] out = new float[size()];
    data().asFloatBuffer().get(out);
    return out;
  }

  /** The elements of a {@code <f8} array (or {@code <f4}, widened). */
  public double[] toDoubles(String where) {
    double[] out = new double[size()];
    if (dtype == NumpyDtype.FLOAT32) {
      float[] f = toFloats(where);
      for (int i = 0; i < f.length; i++) {
        out[i] = f[i];
      }
      return out;
    }
    require(NumpyDtype.FLOAT64, where);
    data().asDoubleBuffer().get(out);
    return out;
  }

  /** The elements of a {@code |b1} array. */
  public boolean[] toBooleans(String where) {
    require(NumpyDtype.BOOL, where);
    ByteBuffer b = data();
    boolean[] out = new boolean[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get(i) != 0;
    }
    return out;
  }

  /** Checks the dtype. */
  public WireArray require(NumpyDtype want, String where) {
    if (dtype != want) {
      throw new WireException(ErrorCode.BAD_ARRAY, where + " must be " + want.str() + ", got " + dtype.str());
    }
    return this;
  }

  /** Checks the shape. */
  public WireArray requireShape(String where, int... want) {
    if (!Arrays.equals(shape, want)) {
      throw new WireException(ErrorCode.BAD_ARRAY,
          where + " has shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(want));
    }
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireArray w && w.dtype == dtype && Arrays.equals(w.shape, shape)
        && w.data().equals(data());
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + dtype.hashCode();
  }

  @Override
  public String toString() {
    return dtype.str() + Arrays.toString(shape);
  }
}
