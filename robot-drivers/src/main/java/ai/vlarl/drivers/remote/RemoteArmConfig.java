package ai.vlarl.drivers.remote;

import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.core.ZmqEndpoints;

/** The {@code driver: {kind: remote, ...}} section: an arm served over ZeroMQ by another process. */
public record RemoteArmConfig(
    @Doc(value = "the arm server's endpoint, tcp://HOST:PORT", dflt = "tcp://127.0.0.1:5590")
        String endpoint,
    @Doc(value = "a request without a reply within this many ms fails the arm (it is then"
        + " stopped)", dflt = "200") int timeout_ms,
    @Doc(value = "the first request (hello: connection and CURVE handshake) may take this many ms",
        dflt = "5000") int connect_timeout_ms,
    @Doc(value = "off loopback: the server's CURVE public key (Z85 or key file)", dflt = "''")
        String server_public_key,
    @Doc(value = "off loopback: this client's CURVE public key", dflt = "''") String client_public_key,
    @Doc(value = "off loopback: this client's CURVE secret key", dflt = "''") String client_secret_key) {
  public RemoteArmConfig {
    ZmqEndpoints.requireTcp("endpoint", endpoint, ZmqEndpoints.Use.CONNECT);
    if (timeout_ms < 1 || connect_timeout_ms < 1) {
      throw new IllegalArgumentException("timeout_ms and connect_timeout_ms must be at least 1, got "
          + timeout_ms + " and " + connect_timeout_ms);
    }
  }
}
