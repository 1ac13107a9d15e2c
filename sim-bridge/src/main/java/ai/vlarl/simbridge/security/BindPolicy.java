package ai.vlarl.simbridge.security;

import ai.vlarl.framework.core.UserException;
import java.util.Locale;

/**
 * Which endpoints a server may bind without encryption: loopback TCP ({@code 127.0.0.0/8},
 * {@code ::1}, {@code localhost}) and the process-local transports ({@code ipc://},
 * {@code inproc://}). Anything else (a wildcard, a LAN address, an interface name) needs CURVE or
 * an explicit {@code --insecure}.
 */
public final class BindPolicy {
  private BindPolicy() {}

  /** Whether {@code endpoint} can only be reached from this machine. */
  public static boolean isLocal(String endpoint) {
    String e = endpoint.trim().toLowerCase(Locale.ROOT);
    if (e.startsWith("ipc://") || e.startsWith("inproc://")) {
      return true;
    }
    if (!e.startsWith("tcp://")) {
      return false;
    }
    String hostPort = e.substring("tcp://".length());
    int semi = hostPort.indexOf(';');
    if (semi >= 0) {
      hostPort = hostPort.substring(semi + 1); // tcp://source;destination: the bound side is the last
    }
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.equals("localhost") || host.equals("::1") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /**
   * Refuses to serve {@code endpoint} in the clear when it is reachable from other machines.
   *
   * @throws UserException naming the endpoint and the two ways out
   */
  public static void check(String endpoint, boolean curve, boolean insecure) {
    if (!curve && !insecure && !isLocal(endpoint)) {
      throw new UserException("refusing to bind " + endpoint + " without encryption: it is reachable "
          + "from other machines. Give CURVE keys (--curve-secret and --curve-allow) or, on a trusted "
          + "network, --insecure; or bind a loopback address such as tcp://127.0.0.1:5555");
    }
  }
}
