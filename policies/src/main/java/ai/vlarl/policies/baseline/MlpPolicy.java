package ai.vlarl.policies.baseline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.vlarl.framework.core.DType;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.policies.ActorCriticBlock;
import ai.vlarl.policies.Layers;
import ai.vlarl.policies.TokenPolicy;

/**
 * A state-based token policy: separate actor and critic MLPs over {@code obs.state()} (CleanRL's
 * {@code ppo_continuous_action} layout, with a factorized categorical instead of a Gaussian).
 *
 * <pre>
 * actor:  state [B,S] → (Linear(h_i) → tanh)* → Linear(chunk·dim·bins) → logits
 * critic: state [B,S] → (Linear(h_i) → tanh)* → Linear(1)               → value [B]
 * </pre>
 *
 * <p>Initialization (CleanRL's {@code layer_init}): orthogonal weights ({@link
 * ai.vlarl.policies.OrthogonalInit}) with gain √2 in hidden layers, {@value #ACTOR_OUT_GAIN} in the
 * actor's last layer (logits start near 0, so the initial policy is near uniform over levels) and
 * {@value #CRITIC_OUT_GAIN} in the critic's last layer; all biases 0. Weights depend on the seed
 * alone.
 *
 * <p>Parameters, with S the state size, A = chunk·dim·bins and hidden [h1, h2]: actor S·h1 + h1 +
 * h1·h2 + h2 + h2·A + A, critic S·h1 + h1 + h1·h2 + h2 + h2 + 1. With the defaults ([128, 128], 21
 * bins, chunk 1), S = 32 and dim = 4 that is 31,572 + 20,865 = 52,437.
 */
public final class MlpPolicy extends TokenPolicy {
  public static final String KIND = "mlp";

  /** Orthogonal gain of the actor's output layer. */
  public static final double ACTOR_OUT_GAIN = 0.01;

  /** Orthogonal gain of the critic's output layer. */
  public static final double CRITIC_OUT_GAIN = 1.0;

  private final int stateDim;

  /**
   * A policy for {@code env}, checking that the env has what it needs.
   *
   * @throws IllegalArgumentException if the env has no state observations or a too short chunk
   */
  public static MlpPolicy create(MlpConfig config, EnvSpec env, long seed) {
    if (!env.observation().hasState()) {
      throw new IllegalArgumentException(
          "policy 'mlp' needs state observations; set env.obs_mode=state or use policy.kind=cnn"
              + " (env " + env.name() + " has none)");
    }
    Checks.chunk(config.chunk(), env);
    return new MlpPolicy(config, env.observation().stateDim(), env.action().dim(), seed);
  }

  /** A policy for states of size {@code stateDim} and actions of {@code actionDim} dimensions. */
  public MlpPolicy(MlpConfig config, int stateDim, int actionDim, long seed) {
    super(
        KIND,
        new MlpBlock(config, actionDim, seed),
        config.chunk(),
        actionDim,
        config.bins(),
        new Shape(1, checkPositive(stateDim, "state size")));
    this.stateDim = stateDim;
  }

  private static int checkPositive(int v, String what) {
    if (v <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + v);
    }
    return v;
  }

  /** Size of the state vector this policy reads. */
  public int stateDim() {
    return stateDim;
  }

  @Override
  protected NDList inputs(NDManager m, Observations obs) {
    if (obs.state() == null) {
      throw new IllegalArgumentException("policy 'mlp' needs obs.state, the observations have none");
    }
    if (obs.state().dtype() != DType.FLOAT32
        || obs.state().rank() != 2
        || obs.state().dim(1) != stateDim) {
      throw new IllegalArgumentException(
          "policy 'mlp' expects state FLOAT32[N, " + stateDim + "], got " + obs.state());
    }
    return new NDList(Policy.toNd(m, obs.state()));
  }

  /** Separate actor and critic MLPs. */
  static final class MlpBlock extends ActorCriticBlock {
    private final SequentialBlock actor;
    private final SequentialBlock critic;
    private final int outputs;

    MlpBlock(MlpConfig config, int actionDim, long seed) {
      super((byte) 1);
      this.outputs = Math.multiplyExact(config.chunk() * actionDim, config.bins());
      this.actor =
          addChildBlock(
              "actor",
              Layers.mlp(
                  config.hidden(), outputs, Activation::tanhBlock, seed, "actor", ACTOR_OUT_GAIN));
      this.critic =
          addChildBlock(
              "critic",
              Layers.mlp(config.hidden(), 1, Activation::tanhBlock, seed, "critic", CRITIC_OUT_GAIN));
    }

    @Override
    public Heads heads(ParameterStore store, NDList inputs, boolean training, boolean wantLogits) {
      NDList x = new NDList(inputs.singletonOrThrow());
      NDArray value = critic.forward(store, x, training).singletonOrThrow().squeeze(1);
      NDArray logits = wantLogits ? actor.forward(store, x, training).singletonOrThrow() : null;
      return new Heads(logits, value);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
      actor.initialize(manager, dataType, inputShapes[0]);
      critic.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      long b = inputShapes[0].get(0);
      return new Shape[] {new Shape(b, outputs), new Shape(b)};
    }
  }
}
