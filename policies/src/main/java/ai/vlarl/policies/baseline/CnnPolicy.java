package ai.vlarl.policies.baseline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.vlarl.framework.core.DType;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.policies.ActorCriticBlock;
import ai.vlarl.policies.Layers;
import ai.vlarl.policies.TokenPolicy;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * A pixel-based token policy small enough to train on two CPU cores: a conv trunk over the camera
 * image, then shared ReLU layers over [image features, proprio, task one-hot], then an actor
 * (logits) and a critic (value) head.
 *
 * <pre>
 * image uint8 [B,H,W,3] → float/255, NCHW (wrist image: +3 channels)
 *   → (Conv2d(c_i, k, stride s, padding k/2) → ReLU)* → flatten → Linear(features) → ReLU
 *   → concat [proprio (float [B,P]), one-hot task id [B,T]]
 *   → (Linear(h_i) → ReLU)* → actor Linear(chunk·dim·bins) → logits
 *                           → critic Linear(1)              → value [B]
 * </pre>
 *
 * <p>The baseline does not read instructions; with several tasks the task one-hot tells it which
 * one it is doing. Initialization as in CleanRL's Atari PPO: orthogonal weights with gain √2 in the
 * trunk and hidden layers, 0.01 in the actor head, 1 in the critic head; biases 0.
 *
 * <p>Parameters with the defaults (channels [16, 32, 32], kernel 3, stride 2, features 128, hidden
 * [128], 21 bins, chunk 1) on a 64×64 image (8×8×32 = 2048 trunk outputs), proprio P = 8, T = 4
 * tasks and dim = 4: convs 448 + 4,640 + 9,248; features 262,272; hidden 18,048; actor 10,836;
 * critic 129 — 305,621 in all, 86% of them in the features layer. On 32×32 images the features
 * layer shrinks to 65,664 (4×4×32 inputs).
 */
public final class CnnPolicy extends TokenPolicy {
  public static final String KIND = "cnn";

  /** Orthogonal gain of the actor's output layer. */
  public static final double ACTOR_OUT_GAIN = 0.01;

  /** Orthogonal gain of the critic's output layer. */
  public static final double CRITIC_OUT_GAIN = 1.0;

  private final int height;
  private final int width;
  private final boolean wrist;
  private final int proprioDim;
  private final int numTasks;

  /**
   * A policy for {@code env}, checking that the env has what it needs.
   *
   * @throws IllegalArgumentException if the env has no images (or no wrist camera when asked for)
   *     or a too short chunk
   */
  public static CnnPolicy create(CnnConfig config, EnvSpec env, long seed) {
    var o = env.observation();
    if (!o.hasImage()) {
      throw new IllegalArgumentException(
          "policy 'cnn' needs camera images; use an env observation mode with rgb images"
              + " (e.g. env.obs_mode=rgb) or policy.kind=mlp (env " + env.name() + " has none)");
    }
    if (config.wrist_image() && !o.wristImage()) {
      throw new IllegalArgumentException(
          "policy.wrist_image=true but env " + env.name() + " has no wrist camera");
    }
    Checks.chunk(config.chunk(), env);
    int tasks = config.task_onehot() && env.tasks().size() >= 2 ? env.tasks().size() : 0;
    int proprio = config.proprio() ? o.proprioDim() : 0;
    return new CnnPolicy(
        config,
        o.imageHeight(),
        o.imageWidth(),
        config.wrist_image(),
        proprio,
        tasks,
        env.action().dim(),
        seed);
  }

  /**
   * A policy for images of {@code height × width}.
   *
   * @param wrist whether observations carry a wrist image to stack
   * @param proprioDim length of the proprio vector to append, 0 for none
   * @param numTasks size of the task one-hot to append, 0 for none
   */
  public CnnPolicy(
      CnnConfig config,
      int height,
      int width,
      boolean wrist,
      int proprioDim,
      int numTasks,
      int actionDim,
      long seed) {
    super(
        KIND,
        new CnnBlock(config, trunkOutputs(config, height, width), actionDim, seed),
        config.chunk(),
        actionDim,
        config.bins(),
        shapes(wrist, height, width, proprioDim + numTasks));
    this.height = height;
    this.width = width;
    this.wrist = wrist;
    this.proprioDim = proprioDim;
    this.numTasks = numTasks;
  }

  private static int trunkOutputs(CnnConfig c, int height, int width) {
    int h = height;
    int w = width;
    for (int i = 0; i < c.channels().size(); i++) {
      h = Layers.convOut(h, c.kernel(), c.stride());
      w = Layers.convOut(w, c.kernel(), c.stride());
    }
    // with padding kernel/2 every conv keeps at least one output pixel: no image is too small
    return Math.multiplyExact(Math.multiplyExact(h, w), c.channels().get(c.channels().size() - 1));
  }

  private static Shape[] shapes(boolean wrist, int height, int width, int extra) {
    Shape img = new Shape(1, wrist ? 6 : 3, height, width);
    return extra > 0 ? new Shape[] {img, new Shape(1, extra)} : new Shape[] {img};
  }

  /** Length of the proprio vector appended after the trunk (0: none). */
  public int proprioDim() {
    return proprioDim;
  }

  /** Size of the task one-hot appended after the trunk (0: none). */
  public int numTasks() {
    return numTasks;
  }

  @Override
  protected NDList inputs(NDManager m, Observations obs) {
    int n = obs.size();
    NDArray img = image(m, "image", obs.image(), n);
    if (wrist) {
      img = img.concat(image(m, "wristImage", obs.wristImage(), n), 1);
    }
    int extra = proprioDim + numTasks;
    if (extra == 0) {
      return new NDList(img);
    }
    float[] x = new float[n * extra];
    if (proprioDim > 0) {
      HostArray p = obs.proprio();
      if (p == null || p.dtype() != DType.FLOAT32 || p.rank() != 2 || p.dim(1) != proprioDim) {
        throw new IllegalArgumentException(
            "policy 'cnn' expects proprio FLOAT32[N, " + proprioDim + "], got "
                + (p == null ? "none" : p.toString()));
      }
      FloatBuffer f = p.floats();
      for (int i = 0; i < n; i++) {
        f.get(x, i * extra, proprioDim);
      }
    }
    if (numTasks > 0) {
      int[] ids = obs.taskIds();
      if (ids == null) {
        throw new IllegalArgumentException(
            "policy 'cnn' with task_onehot needs obs.taskIds, the observations have none");
      }
      for (int i = 0; i < n; i++) {
        if (ids[i] < 0 || ids[i] >= numTasks) {
          throw new IllegalArgumentException(
              "task id " + ids[i] + " of row " + i + " outside [0, " + numTasks + ")");
        }
        x[i * extra + proprioDim + ids[i]] = 1f;
      }
    }
    return new NDList(img, m.create(x, new Shape(n, extra)));
  }

  private NDArray image(NDManager m, String what, HostArray a, int n) {
    if (a == null
        || a.dtype() != DType.UINT8
        || a.rank() != 4
        || a.dim(1) != height
        || a.dim(2) != width
        || a.dim(3) != 3) {
      throw new IllegalArgumentException(
          "policy 'cnn' expects " + what + " UINT8[N, " + height + ", " + width + ", 3], got "
              + (a == null ? "none" : a.toString()));
    }
    return Policy.toNd(m, a).toType(DataType.FLOAT32, false).div(255f).transpose(0, 3, 1, 2);
  }

  /** Conv trunk, shared hidden layers, actor and critic heads. */
  static final class CnnBlock extends ActorCriticBlock {
    private final SequentialBlock trunk;
    private final SequentialBlock hidden;
    private final SequentialBlock actor;
    private final SequentialBlock critic;
    private final int outputs;

    CnnBlock(CnnConfig c, int flat, int actionDim, long seed) {
      super((byte) 1);
      this.outputs = Math.multiplyExact(c.chunk() * actionDim, c.bins());
      SequentialBlock t = new SequentialBlock();
      List<Integer> ch = c.channels();
      for (int i = 0; i < ch.size(); i++) {
        t.add(Layers.conv(ch.get(i), c.kernel(), c.stride(), seed, "conv." + i, Layers.HIDDEN_GAIN));
        t.add(Activation.reluBlock());
      }
      t.add(Blocks.batchFlattenBlock(flat));
      t.add(Layers.linear(c.features(), seed, "features", Layers.HIDDEN_GAIN));
      t.add(Activation.reluBlock());
      this.trunk = addChildBlock("trunk", t);
      // DJL refuses to run an empty SequentialBlock: no hidden block when hidden is []
      this.hidden =
          c.hidden().isEmpty()
              ? null
              : addChildBlock(
                  "hidden", Layers.mlp(c.hidden(), 0, Activation::reluBlock, seed, "hidden", 0));
      this.actor =
          addChildBlock(
              "actor", Layers.mlp(List.of(), outputs, null, seed, "actor", ACTOR_OUT_GAIN));
      this.critic =
          addChildBlock(
              "critic", Layers.mlp(List.of(), 1, null, seed, "critic", CRITIC_OUT_GAIN));
    }

    @Override
    public Heads heads(ParameterStore store, NDList inputs, boolean training, boolean wantLogits) {
      NDArray f = trunk.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
      if (inputs.size() > 1) {
        f = f.concat(inputs.get(1), 1);
      }
      NDList h = hidden == null ? new NDList(f) : hidden.forward(store, new NDList(f), training);
      NDArray value = critic.forward(store, h, training).singletonOrThrow().squeeze(1);
      NDArray logits = wantLogits ? actor.forward(store, h, training).singletonOrThrow() : null;
      return new Heads(logits, value);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
      Shape img = inputShapes[0];
      trunk.initialize(manager, dataType, img);
      long feats = trunk.getOutputShapes(new Shape[] {img})[0].get(1);
      long extra = inputShapes.length > 1 ? inputShapes[1].get(1) : 0;
      Shape in = new Shape(img.get(0), feats + extra);
      Shape h = in;
      if (hidden != null) {
        hidden.initialize(manager, dataType, in);
        h = hidden.getOutputShapes(new Shape[] {in})[0];
      }
      actor.initialize(manager, dataType, h);
      critic.initialize(manager, dataType, h);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      long b = inputShapes[0].get(0);
      return new Shape[] {new Shape(b, outputs), new Shape(b)};
    }
  }
}
