package ai.vlarl.policies;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A DJL block with a token-logits head and a value head. Its {@link #forward} returns {@code
 * NDList(logits [B, slots·bins], value [B])}; {@link #heads} can skip the logits when only values
 * are wanted.
 */
public abstract class ActorCriticBlock extends AbstractBlock {

  /** What the heads compute for a batch of B rows. */
  public record Heads(NDArray logits, NDArray value) {}

  protected ActorCriticBlock(byte version) {
    super(version);
  }

  /**
   * The forward pass.
   *
   * @param inputs the model inputs the owning policy prepared
   * @param wantLogits false to compute the value alone ({@code logits} is then null)
   */
  public abstract Heads heads(
      ParameterStore store, NDList inputs, boolean training, boolean wantLogits);

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    Heads h = heads(store, inputs, training, true);
    return new NDList(h.logits(), h.value());
  }
}
