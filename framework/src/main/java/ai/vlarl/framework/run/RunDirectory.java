package ai.vlarl.framework.run;

import ai.vlarl.framework.core.UserException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Naming and creation of run directories; an existing run is never written over, and a run that
 * fails before its first checkpoint can hand its directory back as it found it ({@link
 * Claim#discard}).
 */
public final class RunDirectory {
  private RunDirectory() {}

  /** {@code base/<name>-<yyyyMMdd-HHmmss>}, with a numeric suffix if that exists. */
  public static Path fresh(Path base, String name) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path p = base.resolve(name + "-" + stamp);
    for (int k = 2; Files.exists(p); k++) {
      p = base.resolve(name + "-" + stamp + "-" + k);
    }
    return p;
  }

  /** What {@code train} advises when its {@code --run-dir} holds something. */
  public static String resumeAdvice(Path dir) {
    return "pass --resume " + dir + " to continue that run, or choose another --run-dir";
  }

  /**
   * Fails unless {@code dir} can take a new run: absent (under a directory, not a file), or an
   * empty directory. When it holds something, the message ends with {@code advice} (which option
   * to change, or how to continue the run there).
   */
  public static void requireUsable(Path dir, String advice) {
    try {
      if (Files.exists(dir)) {
        if (!Files.isDirectory(dir)) {
          throw new UserException("run directory " + dir + " is a file");
        }
        try (Stream<Path> s = Files.list(dir)) {
          if (s.findAny().isPresent()) {
            throw new UserException("run directory " + dir + " is not empty; " + advice);
          }
        }
      } else {
        Path ancestor = existingAncestor(dir);
        if (ancestor != null && !Files.isDirectory(ancestor)) {
          throw new UserException(
              "cannot create run directory " + dir + ": " + ancestor + " is a file, not a directory");
        }
      }
    } catch (IOException e) {
      throw new UserException("cannot read run directory " + dir + ": " + reason(dir, e), e);
    }
  }

  /** Creates {@code dir} with {@code train}'s advice ({@link #create(Path, String)}). */
  public static Claim create(Path dir) {
    return create(dir, resumeAdvice(dir));
  }

  /**
   * Creates {@code dir} for a new run; refuses, with {@code advice}, one that holds something
   * ({@link #requireUsable}), and names the OS's reason when it cannot be created.
   */
  public static Claim create(Path dir, String advice) {
    Path abs = dir.toAbsolutePath().normalize(); // one path for the check, the creation, the cleanup
    requireUsable(abs, advice);
    Path ancestor = existingAncestor(abs);
    Path createdRoot = Files.exists(abs) ? null : topmostMissing(abs, ancestor);
    try {
      Files.createDirectories(abs);
    } catch (IOException e) {
      throw new UserException("cannot create run directory " + dir + ": " + reason(dir, e), e);
    }
    return new Claim(abs, createdRoot);
  }

  /**
   * A directory {@link #create} made ready for a run: it was empty or absent before.
   *
   * @param dir the run directory
   * @param createdRoot the topmost directory {@code create} made ({@code dir} or one of its
   *     parents), or null when {@code dir} existed
   */
  public record Claim(Path dir, Path createdRoot) {
    /**
     * Hands the directory back as {@link #create} found it: removes what the run wrote into it, and
     * the directories {@code create} made.
     */
    public void discard() throws IOException {
      if (createdRoot == null) {
        try (Stream<Path> s = Files.list(dir)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            CheckpointStore.deleteTree(p);
          }
        }
        return;
      }
      CheckpointStore.deleteTree(dir);
      // the parents create made, each only while empty: another run may have made its own
      // directory beside this one meanwhile (a sweep started in parallel)
      for (Path p = dir.getParent(); p != null && p.startsWith(createdRoot); p = p.getParent()) {
        try (Stream<Path> s = Files.list(p)) {
          if (s.findAny().isPresent()) {
            return;
          }
        }
        Files.delete(p);
      }
    }

    /**
     * After {@code failure}: discards the directory unless the run has something worth keeping
     * there: a checkpoint (for {@code --resume}) or a line of training metrics (iterations ran, and
     * their logs tell what went wrong). A failure to discard is added to {@code failure}.
     */
    public void discardUnlessCheckpointed(Throwable failure) {
      if (new CheckpointStore(dir).hasCheckpoint() || hasMetrics()) {
        return;
      }
      try {
        discard();
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
    }

    private boolean hasMetrics() {
      Path metrics = dir.resolve(JsonlMetrics.FILE);
      try {
        return Files.isRegularFile(metrics) && Files.size(metrics) > 0;
      } catch (IOException e) {
        return true; // cannot tell: keep it
      }
    }
  }

  /** The nearest ancestor of {@code dir} that exists, or null. */
  private static Path existingAncestor(Path dir) {
    for (Path p = dir.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        return p;
      }
    }
    return null;
  }

  /** The child of {@code ancestor} on the way to {@code dir}: what createDirectories makes first. */
  private static Path topmostMissing(Path dir, Path ancestor) {
    Path abs = dir.toAbsolutePath().normalize();
    return ancestor == null ? abs : ancestor.resolve(ancestor.relativize(abs).getName(0));
  }

  /** The OS's reason for {@code e}, naming the file it concerns when that is not {@code dir}. */
  static String reason(Path dir, IOException e) {
    if (!(e instanceof FileSystemException f)) {
      return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    String why = f.getReason() != null ? f.getReason()
        : e instanceof AccessDeniedException ? "permission denied"
        : e instanceof NoSuchFileException ? "no such file or directory"
        : e instanceof FileAlreadyExistsException ? "a file is in the way"
        : e.getClass().getSimpleName();
    if (f.getFile() == null
        || Path.of(f.getFile()).toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
      return why;
    }
    return f.getFile() + ": " + why;
  }
}
