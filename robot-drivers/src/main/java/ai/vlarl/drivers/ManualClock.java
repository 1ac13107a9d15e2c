package ai.vlarl.drivers;

import java.util.concurrent.atomic.AtomicLong;

/** A {@link Clock} that moves only when told to: simulated time for tests and fast simulation. */
public final class ManualClock implements Clock {
  private final AtomicLong now;

  public ManualClock(long startNanos) {
    now = new AtomicLong(startNanos);
  }

  @Override
  public long nanos() {
    return now.get();
  }

  /** Moves time forward by {@code nanos} (not backwards). */
  public void advance(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("time does not go backwards: " + nanos);
    }
    now.addAndGet(nanos);
  }

  /** Moves time to {@code nanos} if that is later than now. */
  public void advanceTo(long nanos) {
    now.accumulateAndGet(nanos, Math::max);
  }
}
