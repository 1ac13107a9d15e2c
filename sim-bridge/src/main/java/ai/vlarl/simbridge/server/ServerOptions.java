package ai.vlarl.simbridge.server;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.security.CurveServerKeys;
import ai.vlarl.simbridge.wire.MessageEncoder;

/**
 * How a {@link SimServer} serves.
 *
 * @param bind the ZeroMQ endpoint to bind, e.g. {@code tcp://127.0.0.1:5555} ({@code :*} picks a
 *     free port; {@link SimServer#endpoint()} tells which)
 * @param curve the server's CURVE keys and allowed clients, or null for plain TCP
 * @param insecure allow binding a non-loopback address without CURVE
 * @param maxRequestBytes requests above this are refused with {@code TOO_LARGE}; at least {@link
 *     Protocol#MIN_MAX_REQUEST_BYTES}
 * @param heartbeatMs the ping interval suggested to clients
 * @param inlineLimit arrays from this many bytes up travel as separate frames
 * @param serverName what {@code hello} reports, e.g. {@code vlarl-java 0.1.0}
 * @param dataConnection offer clients a data connection for env requests (PROTOCOL.md, "Data
 *     connection"); only on {@code tcp://} endpoints without CURVE, whatever this says
 */
public record ServerOptions(
    String bind,
    CurveServerKeys curve,
    boolean insecure,
    long maxRequestBytes,
    int heartbeatMs,
    int inlineLimit,
    String serverName,
    boolean dataConnection) {

  public ServerOptions {
    if (maxRequestBytes < Protocol.MIN_MAX_REQUEST_BYTES) {
      throw new IllegalArgumentException("maxRequestBytes must be at least " + Protocol.MIN_MAX_REQUEST_BYTES
          + ", got " + maxRequestBytes);
    }
  }

  /**
   * A request limit given in MiB by a user (e.g. {@code --max-request-mb}), in bytes.
   *
   * @param option the option, for the error
   * @throws UserException when it is not a number of MiB from {@link Protocol#MIN_MAX_REQUEST_BYTES} bytes up
   */
  public static long maxRequestBytes(String option, double mib) {
    double bytes = mib * (1 << 20);
    if (!(bytes >= Protocol.MIN_MAX_REQUEST_BYTES) || Double.isInfinite(bytes)) {
      throw new UserException(option + " must be at least " + Protocol.MIN_MAX_REQUEST_BYTES / 1024
          + " KiB (" + Protocol.MIN_MAX_REQUEST_BYTES / 1024 + "/1024 MiB), got " + mib);
    }
    return (long) bytes;
  }

  /** Plain TCP on {@code bind} with the protocol's defaults. */
  public static ServerOptions plain(String bind) {
    return new ServerOptions(bind, null, false, Protocol.DEFAULT_MAX_REQUEST_BYTES,
        Protocol.DEFAULT_HEARTBEAT_MS, MessageEncoder.DEFAULT_INLINE_LIMIT, "vlarl-java", true);
  }

  public ServerOptions withCurve(CurveServerKeys keys) {
    return new ServerOptions(bind, keys, insecure, maxRequestBytes, heartbeatMs, inlineLimit, serverName, dataConnection);
  }

  public ServerOptions withInsecure(boolean allow) {
    return new ServerOptions(bind, curve, allow, maxRequestBytes, heartbeatMs, inlineLimit, serverName, dataConnection);
  }

  public ServerOptions withDataConnection(boolean offer) {
    return new ServerOptions(bind, curve, insecure, maxRequestBytes, heartbeatMs, inlineLimit, serverName, offer);
  }

  public ServerOptions withInlineLimit(int bytes) {
    return new ServerOptions(bind, curve, insecure, maxRequestBytes, heartbeatMs, bytes, serverName, dataConnection);
  }

  public ServerOptions withMaxRequestBytes(long bytes) {
    return new ServerOptions(bind, curve, insecure, bytes, heartbeatMs, inlineLimit, serverName, dataConnection);
  }
}
