package ai.vlarl.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Copying and deleting run directories in tests (crashed-run and damaged-checkpoint setups). */
public final class TestTrees {
  private TestTrees() {}

  /** Copies the tree at {@code from} to {@code to} (which must not exist). */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted().toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
  }

  /** Deletes the tree at {@code p}. */
  public static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  /** Every path under {@code dir} with a hash of each file's bytes: equal strings, unchanged trees. */
  public static String fingerprint(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted().toList()) {
        sb.append(dir.relativize(p)).append(':');
        if (Files.isRegularFile(p)) {
          sb.append(java.util.Arrays.hashCode(Files.readAllBytes(p)));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
