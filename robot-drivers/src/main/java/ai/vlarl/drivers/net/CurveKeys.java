package ai.vlarl.drivers.net;

import ai.vlarl.framework.core.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeromq.ZMQ;

/**
 * The CURVE keys of a ZeroMQ client (an arm, a camera stream): the server's public key and the
 * client's own key pair, each given as a 40-character Z85 string or as the path of a file holding
 * one (a bare key, or a ZeroMQ certificate written by {@code zmq.auth.create_certificates}, whose
 * {@code public-key = "..."} / {@code secret-key = "..."} lines are read).
 *
 * <p>Policy: traffic that leaves the machine must be encrypted. A client given an endpoint off
 * loopback without keys refuses to connect ({@link #requireFor}); servers do the same when they
 * bind.
 */
public record CurveKeys(byte[] serverPublic, byte[] clientPublic, byte[] clientSecret) {
  private static final Pattern PUBLIC = Pattern.compile("public-key\\s*=\\s*\"([^\"]{40})\"");
  private static final Pattern SECRET = Pattern.compile("secret-key\\s*=\\s*\"([^\"]{40})\"");

  /**
   * Keys from config values; all three empty means no CURVE (returns null).
   *
   * @param what the config section, for errors (e.g. {@code driver})
   */
  public static CurveKeys of(String what, String serverPublic, String clientPublic, String clientSecret) {
    boolean none = blank(serverPublic) && blank(clientPublic) && blank(clientSecret);
    if (none) {
      return null;
    }
    if (blank(serverPublic) || blank(clientPublic) || blank(clientSecret)) {
      throw new UserException(what + ": CURVE needs all of server_public_key, client_public_key"
          + " and client_secret_key (or none of them on loopback)");
    }
    return new CurveKeys(key(what + ".server_public_key", serverPublic, PUBLIC),
        key(what + ".client_public_key", clientPublic, PUBLIC),
        key(what + ".client_secret_key", clientSecret, SECRET));
  }

  /** Refuses an endpoint off loopback without keys. */
  public static void requireFor(String what, String endpoint, CurveKeys keys) {
    if (keys == null && !Endpoints.isLoopback(endpoint)) {
      throw new UserException(what + ": " + endpoint + " is not a loopback address, and traffic"
          + " leaving this machine must be encrypted: set server_public_key, client_public_key and"
          + " client_secret_key (CURVE, Z85 keys or key files)");
    }
  }

  /** Configures {@code socket} as a CURVE client with these keys. */
  public void applyTo(ZMQ.Socket socket) {
    socket.setCurveServerKey(serverPublic);
    socket.setCurvePublicKey(clientPublic);
    socket.setCurveSecretKey(clientSecret);
  }

  private static byte[] key(String key, String value, Pattern inFile) {
    String v = value.trim();
    String z85;
    if (Files.isRegularFile(Path.of(v))) {
      z85 = readKeyFile(key, Path.of(v), inFile);
    } else if (v.length() == 40) {
      z85 = v;
    } else {
      throw new UserException(key + ": '" + value + "' is neither a 40-character Z85 key nor a key file");
    }
    byte[] raw = ZMQ.Curve.z85Decode(z85);
    if (raw == null || raw.length != 32) {
      throw new UserException(key + ": '" + z85 + "' is not a valid Z85 key");
    }
    return raw;
  }

  private static String readKeyFile(String key, Path p, Pattern inFile) {
    try {
      String text = Files.readString(p);
      Matcher m = inFile.matcher(text);
      if (m.find()) {
        return m.group(1);
      }
      String bare = text.trim();
      if (bare.length() == 40) {
        return bare;
      }
      throw new UserException(key + ": file " + p + " holds no 40-character Z85 key");
    } catch (IOException e) {
      throw new UserException(key + ": cannot read key file " + p + ": " + e.getMessage());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
