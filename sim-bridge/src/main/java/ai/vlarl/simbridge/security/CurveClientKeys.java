package ai.vlarl.simbridge.security;

import ai.vlarl.framework.core.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.zeromq.ZMQ;

/**
 * A client's CURVE identity and the server key it expects.
 *
 * @param serverPublicKey the server's Z85 public key
 * @param publicKey the client's Z85 public key
 * @param secretKey the client's Z85 secret key
 */
public record CurveClientKeys(String serverPublicKey, String publicKey, String secretKey) {

  /**
   * From the client's secret certificate and the server key: a certificate file or the Z85 key
   * itself.
   */
  public static CurveClientKeys load(String serverKey, Path clientSecretCert) {
    String server = serverKey.strip();
    if (!(server.length() == 40 && !Files.exists(Path.of(server)))) {
      server = CurveKeyFiles.read(Path.of(server)).publicKey();
    } else {
      try {
        ZMQ.Curve.z85Decode(server);
      } catch (RuntimeException e) {
        throw new UserException("'" + server + "' is neither a Z85 server key nor a certificate file");
      }
    }
    CurveKeyFiles.KeyPair k = CurveKeyFiles.readSecret(clientSecretCert);
    return new CurveClientKeys(server, k.publicKey(), k.secretKey());
  }

  /** Configures a client socket for CURVE with these keys. */
  public void apply(ZMQ.Socket socket) {
    socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverPublicKey));
    socket.setCurvePublicKey(ZMQ.Curve.z85Decode(publicKey));
    socket.setCurveSecretKey(ZMQ.Curve.z85Decode(secretKey));
  }
}
