package ai.vlarl.simbridge.client;

import ai.vlarl.simbridge.security.CurveClientKeys;
import ai.vlarl.simbridge.wire.MessageEncoder;

/**
 * How a {@link RemoteVectorEnv} talks to its server (PROTOCOL.md, "Reliability").
 *
 * @param connectTimeoutMs how long the first {@code hello} waits for the server to answer
 * @param requestTimeoutMs the longest one request may take while the server answers heartbeats
 * @param heartbeatMs ping interval while waiting for a reply
 * @param liveness missed heartbeat intervals after which the connection counts as silent
 * @param retries socket re-creations (Lazy Pirate) per request before the server counts as lost
 * @param reconnectTimeoutMs how long a {@code reset} after a loss waits for the server to come back
 * @param maxReplyBytes replies above this are refused
 * @param curve CURVE keys, or null for plain TCP
 * @param dataConnection send env requests (and get their replies) over a data connection when the
 *     server offers one (PROTOCOL.md, "Data connection")
 */
public record ClientOptions(
    long connectTimeoutMs,
    long requestTimeoutMs,
    int heartbeatMs,
    int liveness,
    int retries,
    long reconnectTimeoutMs,
    long maxReplyBytes,
    CurveClientKeys curve,
    boolean dataConnection) {

  public ClientOptions {
    if (heartbeatMs < 1 || liveness < 1 || retries < 0 || connectTimeoutMs < 0 || requestTimeoutMs < 1
        || reconnectTimeoutMs < 0 || maxReplyBytes < 1) {
      throw new IllegalArgumentException("invalid client options: " + heartbeatMs + " ms heartbeats, liveness "
          + liveness + ", " + retries + " retries");
    }
  }

  /** The defaults of the {@code remote} env kind. */
  public static ClientOptions defaults() {
    return new ClientOptions(30_000, 600_000, 1000, 5, 3, 120_000, 1L << 30, null, true);
  }

  /** Silence after which the connection is re-created. */
  public long silenceMs() {
    return (long) heartbeatMs * liveness;
  }

  public ClientOptions withCurve(CurveClientKeys keys) {
    return new ClientOptions(connectTimeoutMs, requestTimeoutMs, heartbeatMs, liveness, retries,
        reconnectTimeoutMs, maxReplyBytes, keys, dataConnection);
  }

  /** Fast failure detection, for tests: heartbeats every {@code heartbeatMs}. */
  public ClientOptions withTiming(int heartbeatMs, int liveness, int retries, long reconnectTimeoutMs) {
    return new ClientOptions(connectTimeoutMs, requestTimeoutMs, heartbeatMs, liveness, retries,
        reconnectTimeoutMs, maxReplyBytes, curve, dataConnection);
  }

  public ClientOptions withConnectTimeout(long ms) {
    return new ClientOptions(ms, requestTimeoutMs, heartbeatMs, liveness, retries, reconnectTimeoutMs,
        maxReplyBytes, curve, dataConnection);
  }

  public ClientOptions withRequestTimeout(long ms) {
    return new ClientOptions(connectTimeoutMs, ms, heartbeatMs, liveness, retries, reconnectTimeoutMs,
        maxReplyBytes, curve, dataConnection);
  }

  public ClientOptions withDataConnection(boolean use) {
    return new ClientOptions(connectTimeoutMs, requestTimeoutMs, heartbeatMs, liveness, retries, reconnectTimeoutMs,
        maxReplyBytes, curve, use);
  }

  /** Inline limit of requests (actions are small; large ones travel as frames). */
  static int inlineLimit() {
    return MessageEncoder.DEFAULT_INLINE_LIMIT;
  }
}
