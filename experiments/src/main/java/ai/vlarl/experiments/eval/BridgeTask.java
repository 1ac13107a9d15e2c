package ai.vlarl.experiments.eval;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.eval.EvalEnv;
import ai.vlarl.framework.eval.EvalTask;
import ai.vlarl.framework.eval.ObservationRecorder;
import ai.vlarl.simbridge.client.RemoteVectorEnv;

/**
 * One task of a suite served over the sim bridge: its episodes' seeds (which the server maps to
 * a task and an initial state) and a client of the suite's shared server. The task's name is the
 * server's name for it once connected ({@code spec.tasks()[index]}), {@code label} before.
 * Videos come from the observed camera images.
 */
final class BridgeTask implements EvalTask {
  private final BridgeServer server;
  private final int index;
  private final int episodes;
  private final int numEnvs;
  private final int settleSteps;
  private final SeedRule seeds;
  private EnvSpec served;
  private final float[] noop;
  private final String expectedEnv;
  private String name;

  /**
   * @param index the task's index in the server's task list
   * @param seeds episode k → its reset seed, given the served env's spec
   * @param settleSteps no-op steps the loop runs after each reset (0 when the server settles)
   * @param noop the no-op action (null: zeros)
   * @param expectedEnv the env name the server must report ({@code spec.name()})
   */
  BridgeTask(BridgeServer server, String label, int index, int episodes, int numEnvs, int settleSteps,
      SeedRule seeds, float[] noop, String expectedEnv) {
    this.expectedEnv = expectedEnv;
    this.server = server;
    this.name = label;
    this.index = index;
    this.episodes = episodes;
    this.numEnvs = numEnvs;
    this.settleSteps = settleSteps;
    this.seeds = seeds;
    this.noop = noop;
  }

  /** How a task's episodes are seeded, once the served env is known. */
  @FunctionalInterface
  interface SeedRule {
    long seed(EnvSpec served, int episode);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int episodes() {
    return episodes;
  }

  @Override
  public long seed(int k) {
    if (served == null) {
      throw new IllegalStateException("the seeds of " + name + " are known once its env is open");
    }
    return seeds.seed(served, k);
  }

  @Override
  public int numEnvs() {
    return numEnvs;
  }

  @Override
  public int settleSteps() {
    return settleSteps;
  }

  @Override
  public float[] noop(int dim) {
    return noop != null && noop.length == dim ? noop.clone() : new float[dim];
  }

  @Override
  public EvalEnv open(boolean record) {
    RemoteVectorEnv env = server.connect();
    EnvSpec spec = env.spec();
    if (!spec.name().equals(expectedEnv) || index >= spec.tasks().size()) {
      env.close();
      throw new UserException("the bridge server (" + server.describe() + ") serves " + spec.name()
          + " with tasks " + spec.tasks() + "; this suite needs " + expectedEnv + " with task "
          + (index + 1) + " of its list");
    }
    name = spec.tasks().get(index);
    served = spec;
    ObservationRecorder recorder = record && spec.observation().hasImage()
        ? new ObservationRecorder(spec.numEnvs(), spec.observation().imageWidth(), spec.observation().imageHeight())
        : null;
    return new EvalEnv(env, recorder);
  }
}
