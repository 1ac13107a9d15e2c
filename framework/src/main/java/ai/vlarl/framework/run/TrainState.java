package ai.vlarl.framework.run;

import ai.vlarl.framework.core.UserException;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The loop's counters and random states: with the weights, the optimizer state and the env state
 * they make a run resumable exactly.
 */
public final class TrainState {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
  /** The fields a checkpoint's state file holds, every one of them. */
  private static final List<String> FIELDS =
      List.of("iteration", "envSteps", "episodes", "wallSeconds", "sampleRng", "shuffleRng", "seed");

  long iteration;
  long envSteps;
  long episodes;
  double wallSeconds;
  long sampleRng;
  long shuffleRng;
  long seed;

  public String toJson() {
    return GSON.toJson(this);
  }

  /**
   * Reads a checkpoint's state file ({@link Trainer#STATE_FILE}); a {@link UserException} naming
   * it when it is missing, unreadable, empty or not a training state.
   */
  public static TrainState read(Path file) {
    TrainState[] state = {null};
    CheckpointFiles.readBytes(file, "training state",
        bytes -> state[0] = parse(new String(bytes, StandardCharsets.UTF_8)));
    if (state[0] == null) {
      throw new UserException("cannot load the training state: " + file + " is empty or not a "
          + "training state (a JSON object with " + String.join(", ", FIELDS) + ")");
    }
    return state[0];
  }

  /** The state in {@code json}, or null unless it is an object with every field, each a number. */
  static TrainState parse(String json) {
    try {
      JsonElement e = JsonParser.parseString(json);
      if (!e.isJsonObject()) {
        return null;
      }
      JsonObject o = e.getAsJsonObject();
      for (String f : FIELDS) {
        if (!o.has(f) || !o.get(f).isJsonPrimitive() || !o.getAsJsonPrimitive(f).isNumber()) {
          return null;
        }
      }
      return GSON.fromJson(o, TrainState.class);
    } catch (JsonParseException | NumberFormatException e) {
      return null;
    }
  }
}
