package ai.vlarl.framework.runtime;

import ai.vlarl.framework.policy.Policy;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The learner's published weights, versioned: {@link #publish} serializes the learner's parameters
 * ({@link Policy#saveParameters}) into a fresh buffer and only then makes it the latest snapshot, in
 * one atomic reference swap. A snapshot is never written after it is published, so a reader on any
 * thread sees either the previous complete version or the new complete one, never a mix (tested by
 * reading while another thread publishes). Version 0 is the first publication (the initial weights);
 * each later publication adds one.
 */
public final class VersionedWeights {
  /** One published version: its number and the serialized parameters (never modified). */
  public static final class Snapshot {
    private final long version;
    private final byte[] bytes;

    Snapshot(long version, byte[] bytes) {
      this.version = version;
      this.bytes = bytes;
    }

    public long version() {
      return version;
    }

    /** The serialized parameters' size. */
    public int size() {
      return bytes.length;
    }

    /** A stream over the parameters, for {@link Policy#loadParameters}. */
    public java.io.DataInputStream open() {
      return new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes));
    }
  }

  private final AtomicReference<Snapshot> latest = new AtomicReference<>();

  /**
   * Publishes {@code learner}'s current parameters as the next version. Called by the learner's
   * thread only (one publisher).
   *
   * @return the version published
   */
  public long publish(Policy learner) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(sizeHint());
    try (DataOutputStream out = new DataOutputStream(buf)) {
      learner.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException("serializing the learner's weights", e);
    }
    Snapshot prev = latest.get();
    Snapshot next = new Snapshot(prev == null ? 0 : prev.version + 1, buf.toByteArray());
    latest.set(next);
    return next.version;
  }

  /** The latest complete version, or null before the first {@link #publish}. */
  public Snapshot latest() {
    return latest.get();
  }

  /** The latest version number, -1 before the first publication. */
  public long version() {
    Snapshot s = latest.get();
    return s == null ? -1 : s.version;
  }

  private int sizeHint() {
    Snapshot s = latest.get();
    return s == null ? 1 << 16 : s.bytes.length + 64;
  }
}
