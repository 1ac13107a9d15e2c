package ai.vlarl.drivers.safety;

import java.util.concurrent.locks.LockSupport;

/**
 * The thread that calls {@link SafetyShield#checkWatchdog()} four times per control period, on
 * its own so that a hung control loop or policy cannot silence it. A daemon; {@link #close()}
 * ends it.
 */
public final class Watchdog implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;

  private Watchdog(SafetyShield shield) {
    long pollNanos = Math.max(100_000L, Math.round(shield.periodSeconds() * 1e9 / 4));
    thread = new Thread(() -> {
      while (running) {
        LockSupport.parkNanos(pollNanos);
        if (running) {
          shield.checkWatchdog();
        }
      }
    }, "vlarl-watchdog");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
  }

  /** Starts watching {@code shield}. */
  public static Watchdog start(SafetyShield shield) {
    Watchdog w = new Watchdog(shield);
    w.thread.start();
    return w;
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
  }
}
