package ai.vlarl.framework.env;

/**
 * The process that simulates a remote {@link VectorEnv} was lost (it stopped answering, or it
 * restarted and its env state is new): the episodes in flight are gone.
 *
 * <p>The env stays usable: the next {@link VectorEnv#reset} reconnects (waiting a bounded time for
 * the server to come back) and starts new episodes. Until then, {@code step} and {@code observe}
 * throw this again. A rollout collected across the loss must be discarded, never continued:
 * {@code RolloutCollector} does so and collects it again from a fresh reset.
 */
public class EnvServerLost extends RuntimeException {
  public EnvServerLost(String message) {
    super(message);
  }

  public EnvServerLost(String message, Throwable cause) {
    super(message, cause);
  }
}
