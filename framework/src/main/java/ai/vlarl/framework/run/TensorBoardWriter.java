package ai.vlarl.framework.run;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the training metrics as TensorBoard event files in the run directory ({@code tensorboard
 * --logdir runs/} shows each run): one file per process, {@code
 * events.out.tfevents.<seconds>.vlarl.<pid>}, starting with the {@code file_version} event; then
 * one summary per iteration with every finite metric except {@code env_steps}, which is the step;
 * at the end the final evaluation's success rate as {@code eval/success_rate}. A resumed run starts
 * its file with a {@code SessionLog START} at the step it resumes from. Flushed every iteration.
 */
public final class TensorBoardWriter implements TrainListener, AutoCloseable {
  /** The prefix of event file names (TensorBoard looks for "tfevents"). */
  public static final String PREFIX = "events.out.tfevents.";
  private OutputStream out;
  private Path file;

  /** The file written to (after {@link #onStart}). */
  public Path file() {
    return file;
  }

  @Override
  public void onStart(RunContext run) {
    long now = System.currentTimeMillis();
    Path dir = run.runDir();
    String base = PREFIX + (now / 1000) + ".vlarl." + ProcessHandle.current().pid();
    Path f = dir.resolve(base);
    for (int k = 2; Files.exists(f); k++) {
      f = dir.resolve(base + "." + k);
    }
    file = f;
    try {
      out = new BufferedOutputStream(Files.newOutputStream(file));
      TfRecords.write(out, EventProto.fileVersion(now / 1000.0));
      if (run.envSteps() > 0) {
        TfRecords.write(out, EventProto.sessionStart(now / 1000.0, run.envSteps()));
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public void onIteration(RunContext run, Map<String, Double> metrics) {
    Map<String, Double> values = new LinkedHashMap<>();
    metrics.forEach((k, v) -> {
      if (!k.equals("env_steps") && v != null && Double.isFinite(v)) {
        values.put(k, v);
      }
    });
    write(EventProto.scalars(System.currentTimeMillis() / 1000.0, run.envSteps(), values));
  }

  @Override
  public void onEnd(RunContext run, Map<String, Object> summary) {
    if (summary.get("eval") instanceof Map<?, ?> eval && eval.get("success_rate") instanceof Double rate
        && Double.isFinite(rate)) {
      write(EventProto.scalars(System.currentTimeMillis() / 1000.0, run.envSteps(),
          Map.of("eval/success_rate", rate)));
    }
    close();
  }

  private void write(byte[] event) {
    try {
      TfRecords.write(out, event);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
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
}
