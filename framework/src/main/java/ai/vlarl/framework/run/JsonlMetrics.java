package ai.vlarl.framework.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
   * from), rewriting the file atomically.
   */
  public static void truncateAfter(Path runDir, long iteration) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.exists(file)) {
      return;
    }
    StringBuilder kept = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      var obj = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
      if (obj.has("iteration") && obj.get("iteration").getAsLong() <= iteration) {
        kept.append(line).append('\n');
      }
    }
    Path tmp = Files.createTempFile(runDir, ".metrics-", ".jsonl");
    Files.writeString(tmp, kept);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
