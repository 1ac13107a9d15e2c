package ai.vlarl.framework.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Writes a checkpoint every {@code train.checkpoint_every} iterations and at the end: weights,
 * optimizer state, env state, counters and RNG states ({@link Trainer#writeCheckpoint}), plus the
 * resolved config and provenance.
 */
public final class Checkpointer implements TrainListener {
  public static final String CONFIG_FILE = "config.yaml";
  public static final String PROVENANCE_FILE = "provenance.json";
  private final String configYaml;
  private long lastSaved = -1;

  /** @param configYaml the resolved config, as written to the run directory */
  public Checkpointer(String configYaml) {
    this.configYaml = configYaml;
  }

  @Override
  public void onIteration(RunContext run, Map<String, Double> metrics) {
    int every = run.config().train().checkpoint_every();
    if (every > 0 && run.iteration() % every == 0) {
      save(run);
    }
  }

  @Override
  public void onEnd(RunContext run, Map<String, Object> summary) {
    if (lastSaved != run.iteration()) {
      save(run);
    }
  }

  private void save(RunContext run) {
    try {
      new CheckpointStore(run.runDir()).save(run.envSteps(), dir -> {
        run.writeCheckpoint(dir);
        Files.writeString(dir.resolve(CONFIG_FILE), configYaml);
        Files.writeString(dir.resolve(PROVENANCE_FILE),
            Json.pretty(Provenance.of(run.config().seed(), run.envSteps())));
      }, run.config().train().keep_checkpoints());
      lastSaved = run.iteration();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint in " + run.runDir(), e);
    }
  }
}
