package ai.vlarl.framework.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;

/**
 * An engine-neutral, row-major host array: a dtype, a shape and a direct native-order buffer.
 *
 * <p>This is the currency between modules (see DESIGN.md): ND4J stays inside {@code envs}, DJL
 * inside the algorithms and {@code policies}, msgpack inside {@code sim-bridge}; what crosses a
 * boundary is a {@code HostArray}. The buffer is direct so that DJL ({@code NDManager.create}),
 * ND4J and ZeroMQ can read it without another copy. Instances are mutable views: the buffer's
 * position and limit are never moved by this class.
 */
public final class HostArray {
  private final DType dtype;
  private final int[] shape;
  private final ByteBuffer buffer;

  private HostArray(DType dtype, int[] shape, ByteBuffer buffer) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.buffer = buffer;
    long need = (long) numel(shape) * dtype.bytes();
    if (buffer.capacity() != need) {
      throw new IllegalArgumentException(
          "buffer of " + buffer.capacity() + " bytes does not hold " + dtype + Arrays.toString(shape));
    }
  }

  /** A zero-filled array. */
  public static HostArray allocate(DType dtype, int... shape) {
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
    }
    ByteBuffer b =
        ByteBuffer.allocateDirect(Math.toIntExact((long) numel(shape) * dtype.bytes()))
            .order(ByteOrder.nativeOrder());
    return new HostArray(dtype, shape, b);
  }

  /** Wraps an existing direct buffer (its whole capacity) without copying. */
  public static HostArray wrap(DType dtype, ByteBuffer directBuffer, int... shape) {
    if (!directBuffer.isDirect()) {
      throw new IllegalArgumentException("HostArray needs a direct buffer");
    }
    return new HostArray(dtype, shape, directBuffer.duplicate().clear().order(ByteOrder.nativeOrder()));
  }

  /** A float32 array holding a copy of {@code data}. */
  public static HostArray ofFloats(float[] data, int... shape) {
    HostArray a = allocate(DType.FLOAT32, shape);
    if (data.length != a.size()) {
      throw new IllegalArgumentException(
          data.length + " floats do not fill shape " + Arrays.toString(shape));
    }
    a.floats().put(data);
    return a;
  }

  /** An int32 array holding a copy of {@code data}. */
  public static HostArray ofInts(int[] data, int... shape) {
    HostArray a = allocate(DType.INT32, shape);
    if (data.length != a.size()) {
      throw new IllegalArgumentException(
          data.length + " ints do not fill shape " + Arrays.toString(shape));
    }
    a.ints().put(data);
    return a;
  }

  /** A uint8 array holding a copy of {@code data}. */
  public static HostArray ofBytes(byte[] data, int... shape) {
    HostArray a = allocate(DType.UINT8, shape);
    if (data.length != a.size()) {
      throw new IllegalArgumentException(
          data.length + " bytes do not fill shape " + Arrays.toString(shape));
    }
    a.bytes().put(data);
    return a;
  }

  private static int numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return Math.toIntExact(n);
  }

  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Dimension {@code i} of the shape. */
  public int dim(int i) {
    return shape[i];
  }

  public int rank() {
    return shape.length;
  }

  /** Number of elements. */
  public int size() {
    return numel(shape);
  }

  /** Elements per row (product of all dimensions but the first). */
  public int rowSize() {
    return shape.length == 0 ? 1 : (shape[0] == 0 ? numel(shape) : size() / shape[0]);
  }

  /** A fresh view of the whole buffer (position 0, native order). */
  public ByteBuffer bytes() {
    return buffer.duplicate().clear().order(ByteOrder.nativeOrder());
  }

  /** A float view; only for {@link DType#FLOAT32}. */
  public FloatBuffer floats() {
    require(DType.FLOAT32);
    return bytes().asFloatBuffer();
  }

  /** An int view; only for {@link DType#INT32}. */
  public IntBuffer ints() {
    require(DType.INT32);
    return bytes().asIntBuffer();
  }

  public float getFloat(int flatIndex) {
    require(DType.FLOAT32);
    return buffer.getFloat(flatIndex * 4);
  }

  public void setFloat(int flatIndex, float v) {
    require(DType.FLOAT32);
    buffer.putFloat(flatIndex * 4, v);
  }

  public int getInt(int flatIndex) {
    require(DType.INT32);
    return buffer.getInt(flatIndex * 4);
  }

  public int getUnsignedByte(int flatIndex) {
    require(DType.UINT8);
    return buffer.get(flatIndex) & 0xff;
  }

  public float[] toFloatArray() {
    float[] out = new float[size()];
    floats().get(out);
    return out;
  }

  public int[] toIntArray() {
    int[] out = new int[size()];
    ints().get(out);
    return out;
  }

  public byte[] toByteArray() {
    byte[] out = new byte[size()];
    bytes().get(out);
    return out;
  }

  /** A new array with the given rows (first-axis indices), copied in that order. */
  public HostArray gather(int[] rows) {
    int[] s = shape.clone();
    s[0] = rows.length;
    HostArray out = allocate(dtype, s);
    int rowBytes = rowSize() * dtype.bytes();
    ByteBuffer src = bytes();
    ByteBuffer dst = out.bytes();
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      if (r < 0 || r >= shape[0]) {
        throw new IndexOutOfBoundsException("row " + r + " of " + shape[0]);
      }
      src.limit(r * rowBytes + rowBytes).position(r * rowBytes);
      dst.position(i * rowBytes);
      dst.put(src);
    }
    return out;
  }

  /** Copies all of {@code src} (same dtype and row size) into rows starting at {@code rowOffset}. */
  public void putRows(int rowOffset, HostArray src) {
    if (src.dtype != dtype || src.rowSize() != rowSize()) {
      throw new IllegalArgumentException(
          "cannot put " + src.dtype + Arrays.toString(src.shape) + " rows into " + this);
    }
    if (rowOffset < 0 || rowOffset + src.shape[0] > shape[0]) {
      throw new IndexOutOfBoundsException(
          "rows " + rowOffset + ".." + (rowOffset + src.shape[0]) + " of " + shape[0]);
    }
    ByteBuffer dst = bytes();
    dst.position(rowOffset * rowSize() * dtype.bytes());
    dst.put(src.bytes());
  }

  /** A copy with a new shape of the same element count. */
  public HostArray reshape(int... newShape) {
    if (numel(newShape) != size()) {
      throw new IllegalArgumentException(
          "cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
    }
    return new HostArray(dtype, newShape, buffer);
  }

  /** A deep copy. */
  public HostArray copy() {
    HostArray out = allocate(dtype, shape);
    out.bytes().put(bytes());
    return out;
  }

  /** Stacks arrays of equal row shape along the first axis. */
  public static HostArray concat(java.util.List<HostArray> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    HostArray first = parts.get(0);
    int rows = 0;
    for (HostArray p : parts) {
      rows += p.shape[0];
    }
    int[] s = first.shape.clone();
    s[0] = rows;
    HostArray out = allocate(first.dtype, s);
    int at = 0;
    for (HostArray p : parts) {
      out.putRows(at, p);
      at += p.shape[0];
    }
    return out;
  }

  private void require(DType want) {
    if (dtype != want) {
      throw new IllegalStateException("array is " + dtype + ", not " + want);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostArray h
        && h.dtype == dtype
        && Arrays.equals(h.shape, shape)
        && h.bytes().equals(bytes());
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + bytes().hashCode();
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape);
  }
}
