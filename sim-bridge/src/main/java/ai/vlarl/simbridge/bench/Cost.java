package ai.vlarl.simbridge.bench;

/** Spends a set time: burning the CPU (busy) or sleeping. */
final class Cost {
  private Cost() {}

  static volatile long sink;

  static void spend(long nanos, boolean busy) {
    if (nanos <= 0) {
      return;
    }
    if (!busy) {
      try {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    long end = System.nanoTime() + nanos;
    long x = sink;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 200; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    sink = x;
  }
}
