package ai.vlarl.framework.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The loop's counters and random states: with the weights, the optimizer state and the env state
 * they make a run resumable exactly.
 */
public final class TrainState {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

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

  public static TrainState fromJson(String json) {
    return GSON.fromJson(json, TrainState.class);
  }
}
