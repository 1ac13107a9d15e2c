package ai.vlarl.framework.rl;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.PolicyStep;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * One iteration's experience: T decisions of N sub-envs, stored time-major (row {@code t * N + i}).
 *
 * <p>For each decision it keeps the observation, the sampled tokens and their log-probs, the value
 * estimate, the chunk reward, whether the episode ended ({@code done}) and the value to bootstrap
 * from ({@code nextValue}): V of the next observation while the episode goes on, V of the final
 * observation after a truncation, and 0 after a termination. GAE needs nothing else.
 */
public final class Rollout {
  private final int steps;
  private final int envs;
  private final int slots;
  private final ObservationStore obs;
  private final HostArray tokens;
  private final HostArray tokenLogProb;
  private final float[][] values;
  private final float[][] rewards;
  private final float[][] nextValues;
  private final boolean[][] dones;
  private final boolean[][] terminated;
  private final boolean[][] valid;
  private int t;

  /**
   * @param steps decisions per sub-env T
   * @param envs sub-envs N
   * @param chunk action chunk length of the policy
   * @param actionDim action dimensions
   */
  public Rollout(int steps, int envs, int chunk, int actionDim) {
    this.steps = steps;
    this.envs = envs;
    this.slots = chunk * actionDim;
    this.obs = new ObservationStore(steps * envs);
    this.tokens = HostArray.allocate(ai.vlarl.framework.core.DType.INT32, steps * envs, chunk, actionDim);
    this.tokenLogProb =
        HostArray.allocate(ai.vlarl.framework.core.DType.FLOAT32, steps * envs, chunk, actionDim);
    this.values = new float[steps][envs];
    this.rewards = new float[steps][envs];
    this.nextValues = new float[steps][envs];
    this.dones = new boolean[steps][envs];
    this.terminated = new boolean[steps][envs];
    this.valid = new boolean[steps][envs];
  }

  /** Starts a new rollout, reusing the buffers. */
  public void clear() {
    t = 0;
    obs.clear();
  }

  /** Records decision {@code t}: what was observed and what the policy chose. */
  public void addDecision(Observations o, PolicyStep step) {
    if (t >= steps) {
      throw new IllegalStateException("rollout full: " + steps + " steps");
    }
    obs.append(o);
    IntBuffer dst = tokens.ints();
    dst.position(t * envs * slots);
    dst.put(step.tokens().ints());
    FloatBuffer lp = tokenLogProb.floats();
    lp.position(t * envs * slots);
    lp.put(step.tokenLogProb().floats());
    System.arraycopy(step.value(), 0, values[t], 0, envs);
  }

  /**
   * Records the outcome of decision {@code t} and advances. {@code nextValue} must already be
   * final for ended episodes (0 on termination, V(final obs) on truncation); for continuing ones
   * it is filled by {@link #setNextValuesOfContinuing} at the next decision or the rollout's end.
   */
  public void addOutcome(float[] reward, boolean[] done, boolean[] term, float[] nextValue) {
    java.util.Arrays.fill(valid[t], true);
    store(reward, done, term, nextValue);
  }

  /**
   * As {@link #addOutcome(float[], boolean[], boolean[], float[])}, marking which sub-envs'
   * decisions count: a decision with {@code valid[i] == false} (a sub-env idling after its episode
   * ended, or one of a filtered group) stays in the buffers but is left out of {@link #validRows}.
   */
  public void addOutcome(
      float[] reward, boolean[] done, boolean[] term, float[] nextValue, boolean[] validNow) {
    System.arraycopy(validNow, 0, valid[t], 0, envs);
    store(reward, done, term, nextValue);
  }

  private void store(float[] reward, boolean[] done, boolean[] term, float[] nextValue) {
    System.arraycopy(reward, 0, rewards[t], 0, envs);
    System.arraycopy(done, 0, dones[t], 0, envs);
    System.arraycopy(term, 0, terminated[t], 0, envs);
    System.arraycopy(nextValue, 0, nextValues[t], 0, envs);
    t++;
  }

  /** Fills {@code nextValue} of the last recorded decision for sub-envs whose episode goes on. */
  public void setNextValuesOfContinuing(float[] valueOfCurrentObs) {
    int last = t - 1;
    for (int i = 0; i < envs; i++) {
      if (!dones[last][i]) {
        nextValues[last][i] = valueOfCurrentObs[i];
      }
    }
  }

  /** Marks decision {@code (step, env)} as left out of training. */
  public void invalidate(int step, int env) {
    valid[step][env] = false;
  }

  /** Whether decision {@code (step, env)} counts (see {@link #addOutcome}). */
  public boolean valid(int step, int env) {
    return valid[step][env];
  }

  /**
   * The rows ({@code t * N + i}) of the decisions that count, ascending. With every decision
   * valid, {@code 0 .. size() - 1}.
   */
  public int[] validRows() {
    int count = 0;
    for (int s = 0; s < t; s++) {
      for (int i = 0; i < envs; i++) {
        count += valid[s][i] ? 1 : 0;
      }
    }
    int[] rows = new int[count];
    int k = 0;
    for (int s = 0; s < t; s++) {
      for (int i = 0; i < envs; i++) {
        if (valid[s][i]) {
          rows[k++] = s * envs + i;
        }
      }
    }
    return rows;
  }

  public boolean full() {
    return t == steps;
  }

  public int steps() {
    return steps;
  }

  public int envs() {
    return envs;
  }

  /** Number of stored decisions (rows). */
  public int size() {
    return t * envs;
  }

  public ObservationStore observations() {
    return obs;
  }

  public HostArray tokens() {
    return tokens;
  }

  public HostArray tokenLogProb() {
    return tokenLogProb;
  }

  public float[][] values() {
    return values;
  }

  public float[][] rewards() {
    return rewards;
  }

  public float[][] nextValues() {
    return nextValues;
  }

  public boolean[][] dones() {
    return dones;
  }

  public boolean[][] terminated() {
    return terminated;
  }
}
