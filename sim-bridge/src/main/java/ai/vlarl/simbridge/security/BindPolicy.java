package ai.vlarl.simbridge.security;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.core.ZmqEndpoints;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Locale;

/**
 * Which endpoints a server may bind without encryption: loopback TCP ({@code 127.0.0.0/8},
 * {@code ::1}, {@code localhost}) and the process-local transports ({@code ipc://},
 * {@code inproc://}). Anything else (a wildcard, a LAN address, an interface name) needs CURVE or
 * an explicit {@code --insecure}.
 */
public final class BindPolicy {
  private BindPolicy() {}

  /**
   * Whether {@code endpoint}, one that {@link ZmqEndpoints#require} accepts, can only be reached
   * from this machine.
   */
  public static boolean isLocal(String endpoint) {
    String e = endpoint.trim().toLowerCase(Locale.ROOT);
    if (e.startsWith("ipc://") || e.startsWith("inproc://")) {
      return true;
    }
    if (!e.startsWith("tcp://")) {
      return false;
    }
    String host = ZmqEndpoints.host(e); // the bound side of tcp://source;destination
    return host.equals("localhost") || host.equals("::1") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /**
   * Refuses an endpoint that is not valid to bind ({@link ZmqEndpoints}: {@code tcp://HOST:PORT},
   * {@code ipc://PATH}, {@code inproc://NAME}), and one reachable from other machines that would be
   * served in the clear.
   *
   * @param option the option that gave the endpoint, for the error (e.g. {@code --bind})
   * @throws UserException naming the option and the endpoint, and for a public one the two ways out
   */
  public static void check(String option, String endpoint, boolean curve, boolean insecure) {
    ZmqEndpoints.require(option, endpoint, ZmqEndpoints.Use.BIND);
    if (!curve && !insecure && !isLocal(endpoint)) {
      throw new UserException("refusing to bind " + endpoint + " without encryption: it is reachable "
          + "from other machines. Give CURVE keys (--curve-secret and --curve-allow) or, on a trusted "
          + "network, --insecure; or bind a loopback address such as tcp://127.0.0.1:5555");
    }
  }

  /**
   * Why binding the valid endpoint {@code endpoint} failed, for an error message. JeroMQ reports a
   * TCP bind that the OS refused as "address already in use" whatever the reason, so the host is
   * looked at then: an address of this machine (or {@code *}) means the port is taken; anything
   * else is not this machine's. Other failures (an IPv6 literal, which this server does not enable;
   * a host name JeroMQ cannot resolve) keep JeroMQ's own message.
   */
  public static String bindFailure(String endpoint, Exception e) {
    boolean inUse = e instanceof org.zeromq.ZMQException z && z.getErrorCode() == zmq.ZError.EADDRINUSE;
    if (!endpoint.startsWith("tcp://") || !inUse) { // e.g. an IPv6 literal or an interface name
      return String.valueOf(e.getMessage());
    }
    String host = ZmqEndpoints.host(endpoint);
    if (host.equals("*") || isOwnAddress(host)) {
      return "the port is in use (is another server running there?)";
    }
    return host + " is not an address or interface of this machine";
  }

  private static boolean isOwnAddress(String host) {
    try {
      if (NetworkInterface.getByName(host) != null) {
        return true;
      }
      InetAddress a = InetAddress.getByName(host);
      return a.isAnyLocalAddress() || a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
    } catch (IOException unknown) {
      return false;
    }
  }
}
