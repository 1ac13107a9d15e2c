package ai.vlarl.framework.runtime;

import ai.vlarl.framework.policy.Policy;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The rollout's copy of the learner's policy: a second policy of the same config that loads the
 * latest {@link VersionedWeights} snapshot when asked ({@link #refresh}), between rollouts, on the
 * thread that runs the rollout. It holds exactly one complete version at a time; which one is
 * {@link #version()}.
 */
public final class PolicyReplica {
  private final Policy copy;
  private final VersionedWeights source;
  private long version = -1;

  /** @param copy a policy built from the learner's config (its own weights are overwritten) */
  public PolicyReplica(Policy copy, VersionedWeights source) {
    this.copy = copy;
    this.source = source;
  }

  /**
   * Loads the latest published version if it is newer than the one held.
   *
   * @return the version now held
   * @throws IllegalStateException when nothing was published yet
   */
  public long refresh() {
    VersionedWeights.Snapshot s = source.latest();
    if (s == null) {
      throw new IllegalStateException("no weights published yet: publish the learner's initial weights first");
    }
    if (s.version() != version) {
      try (DataInputStream in = s.open()) {
        copy.loadParameters(in);
      } catch (IOException e) {
        throw new UncheckedIOException("loading weights version " + s.version() + " into the rollout copy", e);
      }
      version = s.version();
    }
    return version;
  }

  /** The rollout policy (act/value only; the learner never trains it). */
  public Policy policy() {
    return copy;
  }

  /** The version held, -1 before the first {@link #refresh}. */
  public long version() {
    return version;
  }
}
