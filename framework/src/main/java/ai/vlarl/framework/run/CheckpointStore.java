package ai.vlarl.framework.run;

import ai.vlarl.framework.core.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code checkpoints/} folder of a run. Each checkpoint is a directory {@code
 * step-<env_steps>}, written in full under a temporary name and then renamed atomically, so a crash
 * never leaves a half-written checkpoint under a real name; {@code latest} names the newest one and
 * is replaced atomically too.
 */
public final class CheckpointStore {
  public static final String DIR = "checkpoints";
  private static final String LATEST = "latest";
  private final Path root;

  public CheckpointStore(Path runDir) {
    this.root = runDir.resolve(DIR);
  }

  /** Writes a checkpoint with {@code writer} and makes it the latest; keeps the newest {@code keep}. */
  public Path save(long envSteps, Writer writer, int keep) throws IOException {
    Files.createDirectories(root);
    String name = String.format("step-%012d", envSteps);
    Path tmp = Files.createTempDirectory(root, ".tmp-" + name + "-");
    writer.write(tmp);
    Path target = root.resolve(name);
    if (Files.exists(target)) {
      deleteTree(target);
    }
    move(tmp, target);
    Path latestTmp = Files.createTempFile(root, ".latest-", "");
    Files.writeString(latestTmp, name + "\n");
    move(latestTmp, root.resolve(LATEST));
    prune(keep, name);
    return target;
  }

  /** Writes the checkpoint's files into an empty directory. */
  @FunctionalInterface
  public interface Writer {
    void write(Path dir) throws IOException;
  }

  /** Whether the run has written a checkpoint ({@code latest} names one). */
  public boolean hasCheckpoint() {
    return Files.isRegularFile(root.resolve(LATEST));
  }

  /** The latest checkpoint of the run, or a clear error if there is none. */
  public Path latest() {
    Path pointer = root.resolve(LATEST);
    if (!hasCheckpoint()) {
      throw new UserException("no checkpoint in " + root + " (missing " + pointer.getFileName() + ")");
    }
    try {
      Path dir = root.resolve(Files.readString(pointer).trim());
      if (!Files.isDirectory(dir)) {
        throw new UserException("checkpoint " + dir + " named by " + pointer + " does not exist");
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The checkpoint directories ({@code step-*}), oldest first; none if there is no folder. */
  public List<Path> checkpoints() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> p.getFileName().toString().startsWith("step-") && Files.isDirectory(p))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  private void prune(int keep, String newest) throws IOException {
    List<Path> all = checkpoints();
    for (int i = 0; i < all.size() - keep; i++) {
      if (!all.get(i).getFileName().toString().equals(newest)) {
        deleteTree(all.get(i));
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
