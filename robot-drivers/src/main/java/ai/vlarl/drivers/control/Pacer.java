package ai.vlarl.drivers.control;

import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.ManualClock;
import java.util.concurrent.locks.LockSupport;

/** Waits until a time on a {@link Clock}: in real time, or by moving a simulated clock. */
public interface Pacer {
  /** The clock whose time {@link #waitUntil} waits for. */
  Clock clock();

  /** Returns at {@code deadlineNanos} or later (at once if it has passed). */
  void waitUntil(long deadlineNanos);

  /**
   * Real time: parks until shortly before the deadline, then spins the rest (parking alone wakes
   * up to ~100 µs late on Linux).
   */
  static Pacer realTime() {
    return new Pacer() {
      @Override
      public Clock clock() {
        return Clock.SYSTEM;
      }

      @Override
      public void waitUntil(long deadline) {
        long spin = 150_000;
        long left;
        while ((left = deadline - System.nanoTime()) > spin) {
          LockSupport.parkNanos(left - spin);
        }
        while (System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
      }
    };
  }

  /**
   * Simulated time: waiting moves {@code clock} straight to the deadline, calling {@code
   * onAdvance} first (for example a watchdog check at every tick), so a loop runs as fast as its
   * work allows and time-dependent behaviour is exactly reproducible.
   */
  static Pacer simulated(ManualClock clock, Runnable onAdvance) {
    return new Pacer() {
      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public void waitUntil(long deadline) {
        clock.advanceTo(deadline);
        onAdvance.run();
      }
    };
  }
}
