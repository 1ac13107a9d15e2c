package ai.vlarl.experiments.deploy;

import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.core.ZmqEndpoints;
import java.util.List;

/**
 * The {@code camera:} section of a deploy config: where a policy that sees images gets them on a
 * real arm (the {@code sim} driver renders its own scene).
 */
public record CameraConfig(
    @Doc(value = "camera source: 'none', 'files' (an image or a directory of PNG/JPEG frames) or"
        + " 'zmq' (a ZeroMQ stream of frames)", dflt = "none") String kind,
    @Doc(value = "files: the image file or frame directory", dflt = "''") String path,
    @Doc(value = "files: frames per second of the sequence", dflt = "10") double fps,
    @Doc(value = "zmq: the publisher's endpoint, tcp://HOST:PORT", dflt = "tcp://127.0.0.1:5592")
        String endpoint,
    @Doc(value = "zmq: refuse frames older than this, s", dflt = "0.5") double max_age_s,
    @Doc(value = "zmq off loopback: the publisher's CURVE public key (Z85 or key file)", dflt = "''")
        String server_public_key,
    @Doc(value = "zmq off loopback: this client's CURVE public key", dflt = "''")
        String client_public_key,
    @Doc(value = "zmq off loopback: this client's CURVE secret key", dflt = "''")
        String client_secret_key) {

  public static final List<String> KINDS = List.of("none", "files", "zmq");

  public CameraConfig {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("kind must be one of " + KINDS + ", got '" + kind + "'");
    }
    if (kind.equals("files") && (path == null || path.isBlank())) {
      throw new IllegalArgumentException("a 'files' camera needs a path");
    }
    if (kind.equals("zmq")) {
      ZmqEndpoints.requireTcp("endpoint", endpoint, ZmqEndpoints.Use.CONNECT);
    }
  }
}
