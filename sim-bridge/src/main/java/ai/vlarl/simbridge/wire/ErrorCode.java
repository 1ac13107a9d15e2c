package ai.vlarl.simbridge.wire;

/**
 * The error codes of the bridge protocol (PROTOCOL.md, "Errors"). An error reply carries one code
 * and a message that says what was wrong and where.
 */
public enum ErrorCode {
  /** The frames could not be decoded (not msgpack, not a map, bad frame references). */
  BAD_MESSAGE,
  /** The request's protocol version is not the server's. */
  UNSUPPORTED_VERSION,
  /** The {@code op} is not one of the protocol's operations. */
  UNKNOWN_OP,
  /** A field is missing or has the wrong type, shape or value. */
  BAD_REQUEST,
  /** An array has an unsupported, wrong or big-endian dtype, or its data does not fill its shape. */
  BAD_ARRAY,
  /** An object (pickled) or structured array: refused, never unpickled. */
  OBJECT_ARRAY,
  /** The message is larger than the receiver's limit. */
  TOO_LARGE,
  /** The request names another server instance: the server restarted and its env state is new. */
  WRONG_SERVER,
  /** The request id is older than the session's latest: a late duplicate, not executed. */
  STALE_REQUEST,
  /** The env raised an error while executing the request. */
  ENV_ERROR,
  /** A bug in the server. */
  INTERNAL;

  /** The code named {@code name}, or {@link #INTERNAL} for a name this version does not know. */
  public static ErrorCode parse(String name) {
    for (ErrorCode c : values()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return INTERNAL;
  }
}
