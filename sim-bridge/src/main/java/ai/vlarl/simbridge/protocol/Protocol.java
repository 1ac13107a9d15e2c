package ai.vlarl.simbridge.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Constants and header layout of the bridge protocol (sim-bridge/PROTOCOL.md). */
public final class Protocol {
  /** The protocol version this code speaks. */
  public static final int VERSION = 1;

  public static final String HELLO = "hello";
  public static final String RESET = "reset";
  public static final String STEP = "step";
  public static final String OBSERVE = "observe";
  public static final String PING = "ping";
  public static final String CLOSE = "close";

  /** Every operation. */
  public static final List<String> OPS = List.of(HELLO, RESET, STEP, OBSERVE, PING, CLOSE);
  /** The operations a data connection carries (PROTOCOL.md, "Data connection"). */
  public static final List<String> DATA_CONNECTION_OPS = List.of(RESET, STEP, OBSERVE);

  /** The server's default request limit (64 MiB). */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 64L << 20;
  /**
   * The smallest request limit a server accepts (1 KiB): a limit of 0 or less would refuse every
   * request, and a server that nothing can talk to is refused at startup instead.
   */
  public static final long MIN_MAX_REQUEST_BYTES = 1024;
  /** The heartbeat interval servers suggest by default. */
  public static final int DEFAULT_HEARTBEAT_MS = 1000;

  private Protocol() {}

  /** A request header. {@code server} and {@code body} are left out when null. */
  public static Map<String, Object> request(String op, long id, long session, String server, Object body) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("v", VERSION);
    h.put("op", op);
    h.put("id", id);
    h.put("session", session);
    if (server != null) {
      h.put("server", server);
    }
    if (body != null) {
      h.put("body", body);
    }
    return h;
  }

  /** A success reply header. */
  public static Map<String, Object> reply(String op, long id, String server, Object body) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("v", VERSION);
    h.put("op", op);
    h.put("id", id);
    h.put("server", server);
    h.put("ok", true);
    h.put("body", body);
    return h;
  }

  /** An error reply header; {@code op} may be null when the request was unreadable. */
  public static Map<String, Object> error(String op, long id, String server, String code, String message) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("v", VERSION);
    h.put("op", op);
    h.put("id", id);
    h.put("server", server);
    h.put("ok", false);
    h.put("error", Map.of("code", code, "message", message));
    return h;
  }
}
