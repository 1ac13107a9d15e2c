package ai.vlarl.simbridge.wire;

import ai.vlarl.framework.core.DType;

/**
 * The numpy dtypes the protocol carries, named by numpy's array-protocol type string ({@code
 * dtype.str}, as msgpack-numpy writes it). Multi-byte types are little-endian on the wire.
 */
public enum NumpyDtype {
  BOOL("|b1", 1),
  INT8("|i1", 1),
  UINT8("|u1", 1),
  INT16("<i2", 2),
  UINT16("<u2", 2),
  INT32("<i4", 4),
  UINT32("<u4", 4),
  INT64("<i8", 8),
  UINT64("<u8", 8),
  FLOAT32("<f4", 4),
  FLOAT64("<f8", 8);

  private final String str;
  private final int bytes;

  NumpyDtype(String str, int bytes) {
    this.str = str;
    this.bytes = bytes;
  }

  /** The array-protocol type string, e.g. {@code <f4}. */
  public String str() {
    return str;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** Every accepted type string (each type with {@code <}, {@code |} and {@code =}) to its type. */
  private static final java.util.Map<String, NumpyDtype> BY_STRING = new java.util.HashMap<>();

  static {
    for (NumpyDtype d : values()) {
      for (char order : new char[] {'<', '|', '='}) {
        BY_STRING.put(order + d.str.substring(1), d);
      }
    }
  }

  /** Whether the type is an integer type (signed or not). */
  public boolean isInteger() {
    return this != BOOL && this != FLOAT32 && this != FLOAT64;
  }

  /**
   * Parses a type string. {@code =} (native) and {@code |} read as little-endian; big-endian,
   * object ({@code O}) and any other type are refused with the reason.
   *
   * @param where the field, for the error message (its {@code toString()} is called only then)
   */
  public static NumpyDtype parse(String s, Object where) {
    NumpyDtype known = s == null ? null : BY_STRING.get(s);
    if (known != null) {
      return known;
    }
    if (s == null || s.length() < 2) {
      throw new WireException(ErrorCode.BAD_ARRAY, where + ": dtype '" + s + "' is not a numpy type string");
    }
    char order = s.charAt(0);
    String body = s.substring(1);
    if (body.startsWith("O")) {
      throw new WireException(ErrorCode.OBJECT_ARRAY,
          where + ": object arrays (dtype '" + s + "') are pickles and are refused; send numeric arrays");
    }
    if (order == '>') {
      throw new WireException(ErrorCode.BAD_ARRAY,
          where + ": big-endian dtype '" + s + "' is not supported; send little-endian ('<')");
    }
    if (order != '<' && order != '|' && order != '=') {
      throw new WireException(ErrorCode.BAD_ARRAY, where + ": dtype '" + s + "' is not a numpy type string");
    }
    // every supported type with an accepted byte order is in BY_STRING
    throw new WireException(ErrorCode.BAD_ARRAY, where + ": dtype '" + s + "' is not supported; "
        + "supported: b1, i1, u1, i2, u2, i4, u4, i8, u8, f4, f8");
  }

  /** The wire type of a host array dtype. */
  public static NumpyDtype of(DType d) {
    return switch (d) {
      case FLOAT32 -> FLOAT32;
      case INT32 -> INT32;
      case UINT8 -> UINT8;
    };
  }

  /** The host dtype of this wire type, or null when host arrays have none. */
  public DType host() {
    return switch (this) {
      case FLOAT32 -> DType.FLOAT32;
      case INT32 -> DType.INT32;
      case UINT8 -> DType.UINT8;
      default -> null;
    };
  }
}
