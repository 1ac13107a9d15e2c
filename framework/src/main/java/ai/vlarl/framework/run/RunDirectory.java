package ai.vlarl.framework.run;

import ai.vlarl.framework.core.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/** Naming and creation of run directories; an existing run is never written over. */
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

  /** Creates {@code dir}; refuses if it exists and is not empty. */
  public static void create(Path dir) {
    try {
      if (Files.exists(dir)) {
        if (!Files.isDirectory(dir)) {
          throw new UserException("run directory " + dir + " is a file");
        }
        try (Stream<Path> s = Files.list(dir)) {
          if (s.findAny().isPresent()) {
            throw new UserException("run directory " + dir + " is not empty; pass --resume " + dir
                + " to continue that run, or choose another --run-dir");
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + dir, e);
    }
  }
}
