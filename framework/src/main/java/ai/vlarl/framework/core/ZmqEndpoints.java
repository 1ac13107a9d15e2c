package ai.vlarl.framework.core;

/**
 * The syntax of the ZeroMQ endpoints vlarl binds and connects (sim-bridge servers and clients,
 * robot drivers), checked once here before any socket sees them: JeroMQ answers a bad one with
 * {@code IllegalArgumentException: port out of range} or a {@code NumberFormatException}.
 *
 * <p>{@code tcp://HOST:PORT} with {@code PORT} in 1..65535, or {@code *} or 0 (any free port)
 * where binding; {@code HOST} may be {@code *} (every interface) only where binding. Where the caller
 * allows them, also {@code ipc://PATH} and {@code inproc://NAME}.
 */
public final class ZmqEndpoints {
  private ZmqEndpoints() {}

  /** What the endpoint is for: a bind may ask for any port or every interface ({@code *}). */
  public enum Use {
    BIND,
    CONNECT
  }

  /**
   * Checks a {@code tcp://HOST:PORT} endpoint.
   *
   * @param where the option or config key that gave it, e.g. {@code --bind} or {@code driver.endpoint}
   * @return {@code endpoint}
   * @throws UserException naming {@code where}, the value and what is wrong with it
   */
  public static String requireTcp(String where, String endpoint, Use use) {
    return check(where, endpoint, use, false);
  }

  /**
   * Checks a {@code tcp://HOST:PORT}, {@code ipc://PATH} or {@code inproc://NAME} endpoint.
   *
   * @param where the option or config key that gave it, e.g. {@code env.addresses}
   * @return {@code endpoint}
   * @throws UserException naming {@code where}, the value and what is wrong with it
   */
  public static String require(String where, String endpoint, Use use) {
    return check(where, endpoint, use, true);
  }

  /**
   * The host of a {@code tcp://} endpoint that {@link #requireTcp} accepts (an IPv6 literal without
   * its brackets; the destination of a {@code tcp://SOURCE;HOST:PORT} endpoint).
   */
  public static String host(String endpoint) {
    String hostPort = hostPort(endpoint);
    String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String check(String where, String endpoint, Use use, boolean local) {
    String problem = problem(endpoint, use, local);
    if (problem != null) {
      throw new UserException(where + ": '" + endpoint + "' is not a valid endpoint: " + problem
          + "; expected tcp://HOST:PORT with PORT 1..65535" + (use == Use.BIND ? " (or * for any free port)" : "")
          + (local ? ", ipc://PATH or inproc://NAME" : ""));
    }
    return endpoint;
  }

  /** What is wrong with {@code endpoint}, or null. */
  private static String problem(String endpoint, Use use, boolean local) {
    if (endpoint == null || endpoint.isBlank()) {
      return "it is empty";
    }
    if (!endpoint.strip().equals(endpoint)) {
      return "it has leading or trailing spaces";
    }
    int scheme = endpoint.indexOf("://");
    String transport = scheme < 0 ? "" : endpoint.substring(0, scheme);
    if (local && (transport.equals("ipc") || transport.equals("inproc"))) {
      return endpoint.length() == scheme + 3 ? transport + ":// needs a " + (transport.equals("ipc") ? "path" : "name")
          : null;
    }
    if (!transport.equals("tcp")) {
      return scheme < 0 ? "it has no transport" : transport + ":// is not a supported transport";
    }
    return tcpProblem(hostPort(endpoint), use);
  }

  private static String tcpProblem(String hostPort, Use use) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0 || hostPort.endsWith("]")) {
      return "it has no :PORT";
    }
    String host = hostPort.substring(0, colon);
    String port = hostPort.substring(colon + 1);
    if (host.isEmpty() || host.equals("[]")) {
      return "it has no HOST";
    }
    if (!host.matches("[^\\s/]+")) {
      return "host '" + host + "' is not a host name, address or interface";
    }
    if (host.equals("*") && use == Use.CONNECT) {
      return "host * (every interface) can be bound, not connected to";
    }
    if (port.equals("*")) {
      return use == Use.BIND ? null : "port * (any free port) can be bound, not connected to";
    }
    if (!port.matches("-?[0-9]{1,9}")) {
      return "port '" + port + "' is not a number";
    }
    int p = Integer.parseInt(port);
    if (p == 0 && use == Use.BIND) {
      return null; // as *: the OS picks a free port (JeroMQ and libzmq both accept it)
    }
    return p >= 1 && p <= 65535 ? null : "port " + p + " is not in 1..65535";
  }

  /** {@code HOST:PORT} of {@code tcp://[SOURCE;]HOST:PORT}. */
  private static String hostPort(String endpoint) {
    String rest = endpoint.substring(endpoint.indexOf("://") + 3);
    return rest.substring(rest.lastIndexOf(';') + 1);
  }
}
