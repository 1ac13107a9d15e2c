package ai.vlarl.framework.run;

import ai.vlarl.framework.env.EnvSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code env_spec.json} in the run directory: the spec of the env the run trains in (observation
 * layout, action space, tasks, horizons), written when training starts. With it a checkpoint's
 * policy can be rebuilt (evaluation, deployment) without starting that env, which for a remote
 * simulator would need its server.
 */
public final class EnvSpecFile implements TrainListener {
  public static final String FILE = "env_spec.json";
  private final EnvSpec spec;

  public EnvSpecFile(EnvSpec spec) {
    this.spec = spec;
  }

  @Override
  public void onStart(RunContext run) {
    try {
      Files.writeString(run.runDir().resolve(FILE), Json.gson().toJson(spec) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + FILE + " in " + run.runDir(), e);
    }
  }

  /** The spec recorded for {@code checkpoint}: in it, or in the run directory it belongs to. */
  public static Optional<EnvSpec> find(Path checkpoint) {
    Path run = CheckpointedPolicy.runDirectory(checkpoint);
    for (Path dir : run == null ? new Path[] {checkpoint} : new Path[] {checkpoint, run}) {
      Path f = dir.resolve(FILE);
      if (Files.isRegularFile(f)) {
        try {
          return Optional.of(Json.gson().fromJson(Files.readString(f), EnvSpec.class));
        } catch (IOException | RuntimeException e) {
          throw new ai.vlarl.framework.core.UserException("cannot read " + f + ": " + e.getMessage(), e);
        }
      }
    }
    return Optional.empty();
  }
}
