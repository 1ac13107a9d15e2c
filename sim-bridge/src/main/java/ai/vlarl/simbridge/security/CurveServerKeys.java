package ai.vlarl.simbridge.security;

import java.nio.file.Path;
import java.util.Set;

/**
 * A server's CURVE identity and the clients it lets in.
 *
 * @param publicKey the server's Z85 public key (clients need it)
 * @param secretKey the server's Z85 secret key
 * @param allowedClients Z85 public keys of the clients allowed to connect (at least one)
 */
public record CurveServerKeys(String publicKey, String secretKey, Set<String> allowedClients) {
  public CurveServerKeys {
    allowedClients = Set.copyOf(allowedClients);
    if (allowedClients.isEmpty()) {
      throw new IllegalArgumentException("a CURVE server needs at least one allowed client key");
    }
  }

  /** From a secret certificate file and an allowed-keys path (see {@link CurveKeyFiles}). */
  public static CurveServerKeys load(Path secretCert, Path allowed) {
    CurveKeyFiles.KeyPair k = CurveKeyFiles.readSecret(secretCert);
    return new CurveServerKeys(k.publicKey(), k.secretKey(), CurveKeyFiles.readAllowed(allowed));
  }
}
