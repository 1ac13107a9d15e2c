package ai.vlarl.experiments.deploy;

import ai.vlarl.framework.config.Doc;

/** The {@code driver: {kind: sim, ...}} section: episodes of the embedded tabletop suite. */
public record SimDriverConfig(
    @Doc(value = "episodes to run, one after another (each ends on success or at its task's"
        + " horizon)", dflt = "10") int episodes,
    @Doc(value = "seed of the first episode; episode k uses seed + k. -1 takes the checkpoint's"
        + " eval.seed, so deploy runs the very episodes eval ran", dflt = "-1") long seed) {
  public SimDriverConfig {
    if (episodes < 1) {
      throw new IllegalArgumentException("episodes must be at least 1, got " + episodes);
    }
  }
}
