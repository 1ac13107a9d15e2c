package ai.vlarl.simbridge.server;

import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.wire.ErrorCode;
import ai.vlarl.simbridge.wire.Fields;
import ai.vlarl.simbridge.wire.WireException;
import java.util.Map;

/** Checks of a request header's envelope (PROTOCOL.md, "Messages"), shared by both request paths. */
final class RequestChecks {
  private RequestChecks() {}

  /** The request's version and op, checked: the op is one of the protocol's. */
  static String versionAndOp(Map<String, Object> h) {
    if (!(h.get("v") instanceof Long v) || v != Protocol.VERSION) {
      throw new WireException(ErrorCode.UNSUPPORTED_VERSION,
          "protocol version " + Fields.describe(h.get("v")) + " is not supported; this server speaks v" + Protocol.VERSION);
    }
    Object op = h.get("op");
    if (!(op instanceof String s) || !Protocol.OPS.contains(s)) {
      throw new WireException(ErrorCode.UNKNOWN_OP, "op " + Fields.describe(op) + " is not one of " + Protocol.OPS);
    }
    return s;
  }

  /**
   * The id of an env request (reset, step, observe, close), checked: ids count up from 1 in each
   * session, and 0 is the state of a session that has had no request yet.
   */
  static long envRequestId(Map<String, Object> h) {
    long id = Fields.getLong(h, "id", "request");
    if (id < 1) {
      throw new WireException(ErrorCode.BAD_REQUEST,
          "request id " + id + " is not allowed: a session's request ids count up from 1");
    }
    return id;
  }

  /** Refuses a request for another server instance (the server restarted since the client's hello). */
  static void sameInstance(Map<String, Object> h, String instance) {
    String server = Fields.getString(h, "server", "request");
    if (!server.equals(instance)) {
      throw new WireException(ErrorCode.WRONG_SERVER, "request for server instance " + server
          + ", this is instance " + instance + " (the server restarted: its env state is new; send hello and reset)");
    }
  }
}
