package ai.vlarl.simbridge.security;

import ai.vlarl.framework.core.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.zeromq.ZMQ;

/**
 * CURVE keys in Z85 text, read from and written to the certificate files pyzmq
 * ({@code zmq.auth.create_certificates}) and czmq use: {@code NAME.key} holds the public key,
 * {@code NAME.key_secret} both keys, as {@code public-key = "..."} / {@code secret-key = "..."}
 * lines under a {@code curve} section. A file may also hold bare 40-character Z85 keys, one per
 * line ({@code #} comments allowed).
 */
public final class CurveKeyFiles {
  private static final Pattern LINE = Pattern.compile("^\\s*(public|secret)-key\\s*=\\s*\"(.{40})\"\\s*$");
  private static final Pattern BARE = Pattern.compile("^\\s*([0-9A-Za-z.\\-:+=^!/*?&<>()\\[\\]{}@%$#]{40})\\s*$");

  private CurveKeyFiles() {}

  /** A key pair: Z85 public and secret keys (the secret may be null for public certificates). */
  public record KeyPair(String publicKey, String secretKey) {}

  /** A fresh key pair. */
  public static KeyPair generate() {
    ZMQ.Curve.KeyPair k = ZMQ.Curve.generateKeyPair();
    return new KeyPair(k.publicKey, k.secretKey);
  }

  /** Reads a certificate file (public, or secret with both keys). */
  public static KeyPair read(Path file) {
    String pub = null;
    String sec = null;
    for (String line : lines(file)) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        if (m.group(1).equals("public")) {
          pub = checkZ85(m.group(2), file);
        } else {
          sec = checkZ85(m.group(2), file);
        }
      }
    }
    if (pub == null) {
      List<String> bare = bareKeys(file);
      if (bare.size() == 1) {
        return new KeyPair(bare.get(0), null);
      }
      throw new UserException(file + " holds no CURVE certificate (no 'public-key = \"...\"' line)");
    }
    return new KeyPair(pub, sec);
  }

  /** Reads a secret certificate: both keys are required. */
  public static KeyPair readSecret(Path file) {
    KeyPair k = read(file);
    if (k.secretKey() == null) {
      throw new UserException(file + " is a public certificate; the secret one is its '_secret' twin");
    }
    return k;
  }

  /**
   * The allowed public keys at {@code path}: a directory of {@code *.key} certificates, a
   * certificate file, or a file of bare Z85 keys one per line.
   */
  public static Set<String> readAllowed(Path path) {
    Set<String> keys = new LinkedHashSet<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> s = Files.list(path)) {
        for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".key")).sorted().toList()) {
          keys.add(read(p).publicKey());
        }
      } catch (IOException e) {
        throw new UserException("cannot list " + path + ": " + e.getMessage(), e);
      }
    } else {
      boolean cert = lines(path).stream().anyMatch(l -> LINE.matcher(l).matches());
      if (cert) {
        keys.add(read(path).publicKey());
      } else {
        keys.addAll(bareKeys(path));
      }
    }
    if (keys.isEmpty()) {
      throw new UserException("no allowed client keys in " + path);
    }
    return keys;
  }

  /** Writes {@code dir/NAME.key} (public) and {@code dir/NAME.key_secret} (owner-only). */
  public static void write(Path dir, String name, KeyPair keys) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".key"), cert(keys.publicKey(), null));
      Path secret = dir.resolve(name + ".key_secret");
      Files.writeString(secret, cert(keys.publicKey(), keys.secretKey()));
      try {
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
    } catch (IOException e) {
      throw new UserException("cannot write keys to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String cert(String pub, String sec) {
    StringBuilder b = new StringBuilder();
    b.append("#   ZeroMQ CURVE ").append(sec == null ? "Public" : "**Secret**").append(" Certificate\n");
    b.append(sec == null ? "#   Exchange securely, or use a secure mechanism to verify the contents\n"
        : "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n");
    b.append("\nmetadata\ncurve\n    public-key = \"").append(pub).append("\"\n");
    if (sec != null) {
      b.append("    secret-key = \"").append(sec).append("\"\n");
    }
    return b.toString();
  }

  private static List<String> bareKeys(Path file) {
    List<String> out = new ArrayList<>();
    for (String line : lines(file)) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      Matcher m = BARE.matcher(t);
      if (!m.matches()) {
        throw new UserException(file + ": '" + t + "' is not a 40-character Z85 key");
      }
      out.add(checkZ85(m.group(1), file));
    }
    return out;
  }

  private static String checkZ85(String key, Path file) {
    try {
      if (!BARE.matcher(key).matches() || ZMQ.Curve.z85Decode(key).length != 32) {
        throw new IllegalArgumentException();
      }
    } catch (RuntimeException e) {
      throw new UserException(file + ": '" + key + "' is not a valid Z85 CURVE key");
    }
    return key;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UserException("cannot read CURVE key file " + file + ": " + e.getMessage(), e);
    }
  }
}
