package ai.vlarl.framework.runtime;

import ai.vlarl.framework.config.Doc;

/**
 * The actor side of the runtime ({@code rollout.*}): how the env batch is pipelined against the
 * policy, and where the simulators run.
 *
 * @param pipeline_stages k: the env batch is split into k stages of N/k sub-envs; while the
 *     simulator steps stage i the policy infers actions for stage i−1. 1 is the plain sequential
 *     loop. Scheduling only: the rollouts equal those of k = 1 bit for bit.
 * @param env_servers 0: the env runs in this process (or where {@code env.kind=remote} addresses
 *     point); M > 0: {@code train} starts M {@code serve-sim} processes hosting the env section
 *     (N/M sub-envs each), talks to them over the sim bridge, restarts one that dies, and stops them
 *     when it ends
 * @param server_start_timeout_s how long a started {@code serve-sim} process may take to serve
 * @param inference_rows B: rollout inference in aligned blocks of B sub-envs (0: one call per
 *     stage). A BLAS may round a row's result differently in another batch size, so rollouts are
 *     equal bit for bit across pipeline_stages when every k uses the same blocks: B dividing N/k
 * @param async one-step-off asynchronous mode: the learner trains on rollout t while the actor
 *     thread collects rollout t+1 with the weights published before update t (staleness 1, logged
 *     as {@code rollout/staleness}); implies {@code weight_copy}
 * @param weight_copy the rollout acts with a copy of the learner's weights, refreshed from the
 *     versioned store after each update ({@code time/sync}); false: it reads the learner's weights
 *     in place (collocated, synchronous: no sync needed)
 */
public record RolloutConfig(
    @Doc(value = "pipeline stages k: the env batch is split into k stages; the simulator steps stage i "
        + "while the policy infers stage i-1 (1 = sequential; same rollouts for every k)", dflt = "1")
        int pipeline_stages,
    @Doc(value = "serve-sim processes train starts for the env section (N/M sub-envs each; restarted if "
        + "they die, stopped at the end); 0 = the env runs in process or at env.addresses", dflt = "0")
        int env_servers,
    @Doc(value = "seconds a started serve-sim process may take to serve", dflt = "120")
        double server_start_timeout_s,
    @Doc(value = "rollout inference in blocks of this many sub-envs (0 = one call per stage); set it to "
        + "N/k for rollouts equal bit for bit across pipeline_stages up to k (see runtime docs)", dflt = "0")
        int inference_rows,
    @Doc(value = "one-step-off async: the learner trains on rollout t while the actor collects t+1 with "
        + "the previous weights (staleness 1, logged); implies weight_copy", dflt = "false")
        boolean async,
    @Doc(value = "the rollout acts with a versioned copy of the learner's weights, refreshed after each "
        + "update (timed as time/sync); false: it reads the learner's weights in place", dflt = "false")
        boolean weight_copy) {

  public RolloutConfig {
    if (pipeline_stages < 1) {
      throw new IllegalArgumentException("pipeline_stages must be at least 1, got " + pipeline_stages);
    }
    if (env_servers < 0) {
      throw new IllegalArgumentException("env_servers must be >= 0, got " + env_servers);
    }
    if (env_servers > 0 && env_servers % pipeline_stages != 0) {
      throw new IllegalArgumentException("env_servers (" + env_servers + ") must be a multiple of "
          + "pipeline_stages (" + pipeline_stages + "): each stage steps on servers of its own");
    }
    if (inference_rows < 0) {
      throw new IllegalArgumentException("inference_rows must be >= 0, got " + inference_rows);
    }
    if (!(server_start_timeout_s > 0)) {
      throw new IllegalArgumentException("server_start_timeout_s must be positive");
    }
  }

  /** Synchronous, the rollout reading the learner's weights in place. */
  public RolloutConfig(int pipeline_stages, int env_servers, double server_start_timeout_s,
      int inference_rows) {
    this(pipeline_stages, env_servers, server_start_timeout_s, inference_rows, false, false);
  }

  /** The sequential loop in this process. */
  public static RolloutConfig defaults() {
    return new RolloutConfig(1, 0, 120, 0);
  }

  /** Whether the rollout runs on a copy of the learner's weights ({@code async} or {@code weight_copy}). */
  public boolean usesWeightCopy() {
    return async || weight_copy;
  }
}
