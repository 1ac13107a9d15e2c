package ai.vlarl.framework.core;

/**
 * A small, fast, splittable random generator (SplitMix64) whose whole state is one {@code long}.
 *
 * <p>vlarl uses it wherever randomness must be checkpointed and resumed bit for bit (action
 * sampling, minibatch shuffling, layout randomization): {@link #state()} and {@link
 * #setState(long)} capture and restore it exactly, which {@link java.util.Random} does not allow.
 */
public final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  public Rng(long seed) {
    this.state = seed;
  }

  /** A generator for a derived stream, e.g. {@code Rng.derive(seed, "minibatch")}. */
  public static Rng derive(long seed, String stream) {
    return new Rng(mix(seed ^ mix(stream.hashCode() * GOLDEN)));
  }

  /** The SplitMix64 output function: a well-mixed 64-bit hash of {@code z}. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, 1). */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Uniform in [lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
  }

  /** Standard normal (Box-Muller, one value per call for a state that is one long). */
  public double nextGaussian() {
    double u1 = Math.max(nextDouble(), 1e-300);
    double u2 = nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Fisher-Yates shuffle in place. */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  public long state() {
    return state;
  }

  public void setState(long state) {
    this.state = state;
  }
}
