package ai.vlarl.drivers.ur;

import java.nio.ByteBuffer;

/**
 * The RTDE field types and their big-endian wire encodings. Values travel through this code as
 * {@code double[]} (one element for scalars, 3 or 6 for vectors): every type here fits a double
 * exactly except UINT64 above 2^53, which no field vlarl uses reaches.
 */
public enum RtdeType {
  BOOL(1, 1),
  UINT8(1, 1),
  UINT32(4, 1),
  UINT64(8, 1),
  INT32(4, 1),
  DOUBLE(8, 1),
  VECTOR3D(8, 3),
  VECTOR6D(8, 6),
  VECTOR6INT32(4, 6),
  VECTOR6UINT32(4, 6);

  private final int elementBytes;
  private final int count;

  RtdeType(int elementBytes, int count) {
    this.elementBytes = elementBytes;
    this.count = count;
  }

  /** Number of values. */
  public int count() {
    return count;
  }

  /** Bytes on the wire. */
  public int bytes() {
    return elementBytes * count;
  }

  /** Reads one field at the buffer's position (big-endian). */
  public double[] read(ByteBuffer b) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = switch (this) {
        case BOOL, UINT8 -> b.get() & 0xff;
        case UINT32, VECTOR6UINT32 -> b.getInt() & 0xffffffffL;
        case INT32, VECTOR6INT32 -> b.getInt();
        case UINT64 -> (double) b.getLong();
        case DOUBLE, VECTOR3D, VECTOR6D -> b.getDouble();
      };
    }
    return v;
  }

  /** Writes one field at the buffer's position (big-endian). */
  public void write(ByteBuffer b, double[] v) {
    if (v.length != count) {
      throw new IllegalArgumentException(this + " has " + count + " values, got " + v.length);
    }
    for (double x : v) {
      switch (this) {
        case BOOL, UINT8 -> b.put((byte) (long) x);
        case UINT32, VECTOR6UINT32, INT32, VECTOR6INT32 -> b.putInt((int) (long) x);
        case UINT64 -> b.putLong((long) x);
        case DOUBLE, VECTOR3D, VECTOR6D -> b.putDouble(x);
        default -> throw new IllegalStateException();
      }
    }
  }

  /** The type named {@code name} as the controller spells it, or null (e.g. NOT_FOUND, IN_USE). */
  public static RtdeType parse(String name) {
    for (RtdeType t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
