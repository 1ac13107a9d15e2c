package ai.vlarl.drivers.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

class EndpointsTest {
  @Test
  void loopbackEndpoints() {
    assertTrue(Endpoints.isLoopback("tcp://127.0.0.1:5590"));
    assertTrue(Endpoints.isLoopback("tcp://127.3.2.1:5590"));
    assertTrue(Endpoints.isLoopback("tcp://localhost:5590"));
    assertTrue(Endpoints.isLoopback("tcp://[::1]:5590"));
    assertFalse(Endpoints.isLoopback("tcp://0.0.0.0:5590"));
    assertFalse(Endpoints.isLoopback("tcp://*:5590"));
    assertFalse(Endpoints.isLoopback("tcp://192.168.1.10:5590"));
    assertFalse(Endpoints.isLoopback("tcp://robot.lab:5590"), "a host name may resolve anywhere");
    UserException e = assertThrows(UserException.class, () -> Endpoints.isLoopback("ipc:///tmp/arm"));
    assertTrue(e.getMessage().contains("'ipc:///tmp/arm' is not a valid endpoint: ipc:// is not a supported transport"),
        e.getMessage());
  }

  @Test
  void curveKeysFromStringsAndCertificateFiles(@TempDir Path dir) throws Exception {
    assertNull(CurveKeys.of("driver", "", "", ""));
    ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
    ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
    Path cert = dir.resolve("client.key_secret");
    Files.writeString(cert, "#   ZeroMQ CURVE **Secret** Certificate\ncurve\n    public-key = \""
        + client.publicKey + "\"\n    secret-key = \"" + client.secretKey + "\"\n");
    CurveKeys k = CurveKeys.of("driver", server.publicKey, cert.toString(), cert.toString());
    assertEquals(server.publicKey, ZMQ.Curve.z85Encode(k.serverPublic()));
    assertEquals(client.publicKey, ZMQ.Curve.z85Encode(k.clientPublic()), "public-key line of the file");
    assertEquals(client.secretKey, ZMQ.Curve.z85Encode(k.clientSecret()), "secret-key line of the file");
    UserException partial = assertThrows(UserException.class, () -> CurveKeys.of("driver", server.publicKey, "", ""));
    assertTrue(partial.getMessage().contains("needs all of server_public_key"));
    UserException bad = assertThrows(UserException.class, () -> CurveKeys.of("driver", "short", "x", "y"));
    assertTrue(bad.getMessage().contains("driver.server_public_key: 'short' is neither a 40-character Z85 key"));
  }
}
