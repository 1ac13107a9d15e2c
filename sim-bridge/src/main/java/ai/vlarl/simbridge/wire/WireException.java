package ai.vlarl.simbridge.wire;

/** A protocol-level error: what an error reply carries, or what a received message violated. */
public class WireException extends RuntimeException {
  private final ErrorCode code;

  public WireException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  @Override
  public String toString() {
    return code + ": " + getMessage();
  }
}
