package ai.vlarl.framework.run;

import ai.vlarl.framework.core.UserException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/** Appends one JSON object per iteration to {@code metrics.jsonl}, flushed each time. */
public final class JsonlMetrics implements TrainListener, AutoCloseable {
  public static final String FILE = "metrics.jsonl";
  private BufferedWriter out;

  @Override
  public void onStart(RunContext run) {
    try {
      out = Files.newBufferedWriter(run.runDir().resolve(FILE), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onIteration(RunContext run, Map<String, Double> metrics) {
    try {
      out.write(Json.line(metrics));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onEnd(RunContext run, Map<String, Object> summary) {
    close();
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Drops lines of iterations after {@code iteration} (written after the checkpoint a run resumes
   * from), rewriting the file atomically. A last line that is not JSON (cut short by a full disk)
   * is dropped too; such a line anywhere else is refused, naming the file and line.
   */
  public static void truncateAfter(Path runDir, long iteration) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.exists(file)) {
      return;
    }
    StringBuilder kept = new StringBuilder();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JsonObject obj;
      try {
        obj = JsonParser.parseString(line).getAsJsonObject();
      } catch (RuntimeException e) { // JsonParseException, or JSON that is not an object
        if (i == lines.size() - 1) {
          break;
        }
        throw new UserException(file + " line " + (i + 1)
            + " is not a JSON object; the run's metrics are damaged (fix or delete that line to resume)");
      }
      if (obj.has("iteration") && obj.get("iteration").getAsLong() <= iteration) {
        kept.append(line).append('\n');
      }
    }
    Path tmp = Files.createTempFile(runDir, ".metrics-", ".jsonl");
    Files.writeString(tmp, kept);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
