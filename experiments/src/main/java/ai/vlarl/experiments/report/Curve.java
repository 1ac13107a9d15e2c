package ai.vlarl.experiments.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run's training success curve from its {@code metrics.jsonl}: per iteration, env steps, wall
 * seconds and {@code train/success_once} (iterations that finished no episode are skipped).
 *
 * @param steps env steps after each point's iteration, ascending
 * @param seconds training wall-clock seconds after it
 * @param success success rate of the episodes that ended in it
 */
public record Curve(double[] steps, double[] seconds, double[] success) {

  /** Reads {@code runDir/metrics.jsonl}. */
  public static Curve read(Path runDir) throws IOException {
    List<double[]> pts = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      if (o.has("env_steps") && o.has("train/success_once")) {
        pts.add(new double[] {o.get("env_steps").getAsDouble(), o.get("wall_seconds").getAsDouble(),
            o.get("train/success_once").getAsDouble()});
      }
    }
    double[][] cols = new double[3][pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      for (int c = 0; c < 3; c++) {
        cols[c][i] = pts.get(i)[c];
      }
    }
    return new Curve(cols[0], cols[1], cols[2]);
  }

  /** The x values: env steps or wall seconds. */
  public double[] x(boolean wallClock) {
    return wallClock ? seconds : steps;
  }

  /**
   * Success at {@code x}, linearly interpolated between points (held flat before the first and
   * after the last); NaN for an empty curve.
   */
  public double at(double x, boolean wallClock) {
    double[] xs = x(wallClock);
    if (xs.length == 0) {
      return Double.NaN;
    }
    if (x <= xs[0]) {
      return success[0];
    }
    for (int i = 1; i < xs.length; i++) {
      if (x <= xs[i]) {
        double f = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
        return success[i - 1] + f * (success[i] - success[i - 1]);
      }
    }
    return success[success.length - 1];
  }
}
