package ai.vlarl.framework.run;

import ai.vlarl.framework.core.UserException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files of a checkpoint. Whatever goes wrong becomes one {@link UserException} that
 * names the file and says what is wrong with it: missing, empty, truncated (and after how many
 * bytes), not a file of its kind, or the reader's own reason (e.g. weights of another config).
 */
public final class CheckpointFiles {
  private CheckpointFiles() {}

  /** Reads a checkpoint file from a stream. */
  @FunctionalInterface
  public interface StreamReader {
    void read(DataInputStream in) throws IOException;
  }

  /** Loads the bytes of a checkpoint file. */
  @FunctionalInterface
  public interface BytesReader {
    void read(byte[] bytes) throws IOException;
  }

  /** Reads {@code file}, the {@code what} of a checkpoint (e.g. "policy weights"), with {@code reader}. */
  public static void read(Path file, String what, StreamReader reader) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      reader.read(in);
    } catch (IOException | RuntimeException e) {
      throw failure(file, what, e);
    }
  }

  /** Reads the whole of {@code file}, the {@code what} of a checkpoint, and gives it to {@code reader}. */
  public static void readBytes(Path file, String what, BytesReader reader) {
    try {
      reader.read(Files.readAllBytes(file));
    } catch (IOException | RuntimeException e) {
      throw failure(file, what, e);
    }
  }

  /** The error for {@code e}, raised while reading {@code file}, the {@code what} of a checkpoint. */
  public static UserException failure(Path file, String what, Throwable e) {
    String prefix = "cannot load the " + what + ": " + file;
    if (e instanceof NoSuchFileException || !Files.exists(file)) {
      return new UserException(prefix + " is missing", e);
    }
    long size = size(file);
    if (size == 0) {
      return new UserException(prefix + " is empty", e);
    }
    if (endedEarly(e)) {
      return new UserException(prefix + " is truncated: it ended after " + size + " bytes", e);
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return new UserException(
          prefix + " is not a " + what + " file (" + e.getClass().getSimpleName() + ")", e);
    }
    return new UserException(prefix + ": " + message, e);
  }

  /** Whether the reader ran out of bytes: the file ended before its data did. */
  private static boolean endedEarly(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException || t instanceof BufferUnderflowException) {
        return true;
      }
    }
    return false;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
