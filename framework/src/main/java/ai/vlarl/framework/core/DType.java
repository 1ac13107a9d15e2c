package ai.vlarl.framework.core;

/** Element types of a {@link HostArray}: the few that cross module boundaries. */
public enum DType {
  FLOAT32(4),
  INT32(4),
  UINT8(1);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }
}
