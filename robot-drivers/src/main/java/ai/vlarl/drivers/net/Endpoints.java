package ai.vlarl.drivers.net;

import ai.vlarl.framework.core.ZmqEndpoints;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** ZeroMQ endpoint checks: which endpoints stay on this machine. */
public final class Endpoints {
  private Endpoints() {}

  /**
   * Whether {@code endpoint} ({@code tcp://HOST:PORT}) is on a loopback address: {@code
   * 127.0.0.0/8}, {@code ::1} or {@code localhost}. {@code *} and {@code 0.0.0.0} are not (they
   * bind every interface). Any other transport than {@code tcp://} is refused.
   */
  public static boolean isLoopback(String endpoint) {
    String host = host(endpoint);
    if (host.equals("*") || host.equals("0.0.0.0") || host.equals("::")) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      return false; // a host name: may resolve anywhere
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * The host of {@code tcp://HOST:PORT} (brackets of an IPv6 literal removed).
   *
   * @throws ai.vlarl.framework.core.UserException when it is not a valid tcp:// endpoint ({@link ZmqEndpoints};
   *     {@code *} is accepted: {@link #isLoopback} also judges endpoints to bind)
   */
  public static String host(String endpoint) {
    return ZmqEndpoints.host(ZmqEndpoints.requireTcp("endpoint", endpoint, ZmqEndpoints.Use.BIND));
  }
}
