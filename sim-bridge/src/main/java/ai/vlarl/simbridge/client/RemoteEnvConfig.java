package ai.vlarl.simbridge.client;

import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.core.ZmqEndpoints;
import ai.vlarl.simbridge.security.CurveClientKeys;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code env: {kind: remote, ...}} config section: where the env servers are and how to talk
 * to them. The servers decide the number of sub-envs (and, for evaluation envs, the episode rules).
 */
public record RemoteEnvConfig(
    @Doc(value = "env server endpoints; several shard one env (their sub-envs concatenated in this order)",
        dflt = "[tcp://127.0.0.1:5555]")
        List<String> addresses,
    @Doc(value = "servers for evaluation envs; empty: the training servers (eval then resets their sub-envs)",
        dflt = "[]")
        List<String> eval_addresses,
    @Doc(value = "seconds to wait for a server to answer the first hello", dflt = "30") double connect_timeout_s,
    @Doc(value = "longest a request may take while its server answers heartbeats, seconds", dflt = "600")
        double request_timeout_s,
    @Doc(value = "heartbeat (ping) interval while waiting for a reply, milliseconds", dflt = "1000") int heartbeat_ms,
    @Doc(value = "missed heartbeat intervals before the socket is re-created (Lazy Pirate)", dflt = "5") int liveness,
    @Doc(value = "socket re-creations per request before the server counts as lost", dflt = "3") int retries,
    @Doc(value = "seconds a reset after a lost server waits for it to come back", dflt = "120")
        double reconnect_timeout_s,
    @Doc(value = "largest reply accepted, MiB", dflt = "1024") int max_reply_mb,
    @Doc(value = "CURVE: the server's public key (Z85 text or certificate file); empty: plain TCP", dflt = "''")
        String curve_server_key,
    @Doc(value = "CURVE: this client's secret certificate file (NAME.key_secret)", dflt = "''")
        String curve_client_secret,
    @Doc(value = "send reset/step/observe over a plain TCP data connection beside ZeroMQ when the server "
        + "offers one (never with CURVE); false: everything over ZeroMQ", dflt = "true")
        boolean data_connection) {

  public RemoteEnvConfig {
    addresses = addresses == null ? null : List.copyOf(addresses);
    eval_addresses = eval_addresses == null ? List.of() : List.copyOf(eval_addresses);
    curve_server_key = curve_server_key == null ? "" : curve_server_key;
    curve_client_secret = curve_client_secret == null ? "" : curve_client_secret;
    if (addresses == null || addresses.isEmpty()) {
      throw new IllegalArgumentException("addresses must name at least one env server, e.g. [tcp://127.0.0.1:5555]");
    }
    for (String a : addresses) {
      checkEndpoint(a, "addresses");
    }
    for (String a : eval_addresses) {
      checkEndpoint(a, "eval_addresses");
    }
    if (!(connect_timeout_s >= 0) || !(request_timeout_s > 0) || !(reconnect_timeout_s >= 0)) {
      throw new IllegalArgumentException("timeouts must be positive seconds");
    }
    if (heartbeat_ms < 10 || liveness < 1 || retries < 0 || max_reply_mb < 1) {
      throw new IllegalArgumentException("heartbeat_ms must be >= 10, liveness >= 1, retries >= 0, max_reply_mb >= 1");
    }
    if (curve_server_key.isEmpty() != curve_client_secret.isEmpty()) {
      throw new IllegalArgumentException("CURVE needs both curve_server_key and curve_client_secret");
    }
  }

  private static void checkEndpoint(String a, String key) {
    ZmqEndpoints.require(key, a, ZmqEndpoints.Use.CONNECT);
  }

  /** The client options these keys describe (loading CURVE key files). */
  public ClientOptions clientOptions() {
    CurveClientKeys curve = curve_server_key.isEmpty() ? null
        : CurveClientKeys.load(curve_server_key, Path.of(curve_client_secret));
    return new ClientOptions(Math.round(connect_timeout_s * 1000), Math.round(request_timeout_s * 1000),
        heartbeat_ms, liveness, retries, Math.round(reconnect_timeout_s * 1000), (long) max_reply_mb << 20, curve,
        data_connection);
  }
}
