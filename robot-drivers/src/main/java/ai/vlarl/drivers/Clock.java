package ai.vlarl.drivers;

/**
 * Monotonic time in nanoseconds. The control loop, the safety shield's watchdog and the latency
 * statistics all read one clock, so tests drive them with a {@link ManualClock} instead of waiting
 * on wall time.
 */
@FunctionalInterface
public interface Clock {
  /** The current time in nanoseconds (only differences are meaningful). */
  long nanos();

  /** {@link System#nanoTime()}. */
  Clock SYSTEM = System::nanoTime;
}
