package ai.vlarl.policies.vla;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;

/**
 * The causal transformer backbone, laid out as Hugging Face's {@code LlamaModel}: token
 * embeddings, pre-RMSNorm decoder layers ({@code x + o_proj(attn(input_layernorm(x)))}, {@code x +
 * down_proj(silu(gate_proj(h)) · up_proj(h))} with {@code h = post_attention_layernorm(x)}), no
 * biases, final RMSNorm. One difference from Llama: positions are learned absolute embeddings
 * ({@code embed_positions}, added to the input) instead of rotary ones; with a hundred-odd
 * positions a table is as expressive and cheaper per layer.
 *
 * <p>Parameters: {@code llm.embed_tokens.weight [V, d]}, {@code llm.embed_positions.weight
 * [positions, d]}, {@code llm.layers.i.input_layernorm.weight}, {@code
 * llm.layers.i.self_attn.{q,k,v,o}_proj.weight [d, d]}, {@code
 * llm.layers.i.post_attention_layernorm.weight}, {@code llm.layers.i.mlp.{gate,up}_proj.weight [f,
 * d]}, {@code llm.layers.i.mlp.down_proj.weight [d, f]}, {@code llm.norm.weight}.
 */
final class Backbone {
  static final float RMS_EPS = 1e-6f;

  private final int heads;
  private final Parameter embed;
  private final Parameter positions;
  private final Parameter[][] layers;
  private final Parameter norm;

  Backbone(ParamSet ps, VlaArch a) {
    this.heads = a.heads();
    long d = a.width();
    long f = a.mlpHidden();
    double std = 0.02;
    double outStd = 0.02 / Math.sqrt(2.0 * a.layers());
    embed = ps.weight("llm.embed_tokens.weight", std, a.vocabSize(), d);
    positions = ps.weight("llm.embed_positions.weight", std, a.maxPositions(), d);
    layers = new Parameter[a.layers()][];
    for (int i = 0; i < layers.length; i++) {
      String l = "llm.layers." + i + ".";
      layers[i] =
          new Parameter[] {
            ps.add(l + "input_layernorm.weight", ParamSet.Init.ONES, 0, d),
            ps.weight(l + "self_attn.q_proj.weight", std, d, d),
            ps.weight(l + "self_attn.k_proj.weight", std, d, d),
            ps.weight(l + "self_attn.v_proj.weight", std, d, d),
            ps.weight(l + "self_attn.o_proj.weight", outStd, d, d),
            ps.add(l + "post_attention_layernorm.weight", ParamSet.Init.ONES, 0, d),
            ps.weight(l + "mlp.gate_proj.weight", std, f, d),
            ps.weight(l + "mlp.up_proj.weight", std, f, d),
            ps.weight(l + "mlp.down_proj.weight", outStd, d, f)
          };
    }
    norm = ps.add("llm.norm.weight", ParamSet.Init.ONES, 0, d);
  }

  int layerCount() {
    return layers.length;
  }

  /** Embeddings of token ids (int64 {@code [B, T]}) → {@code [B, T, d]}. */
  NDArray embedTokens(NDArray ids) {
    return ids.getNDArrayInternal()
        .embedding(ids, embed.getArray(), SparseFormat.DENSE)
        .singletonOrThrow();
  }

  /** Position embeddings of position ids (int64 {@code [B, T]}) → {@code [B, T, d]}. */
  NDArray embedPositions(NDArray ids) {
    return ids.getNDArrayInternal()
        .embedding(ids, positions.getArray(), SparseFormat.DENSE)
        .singletonOrThrow();
  }

  /**
   * Runs the decoder layers and the final norm.
   *
   * @param x input embeddings (tokens + positions) {@code [B, T, d]}
   * @param mask additive attention mask broadcastable to {@code [B, 1, T, Tk]}, where {@code Tk}
   *     counts cached positions plus these T
   * @param cache keys/values of earlier positions, extended with these; null for none
   * @return normalized hidden states {@code [B, T, d]}
   */
  NDArray forward(NDArray x, NDArray mask, KvCache cache) {
    for (int i = 0; i < layers.length; i++) {
      Parameter[] p = layers[i];
      NDArray h = Nn.rmsNorm(x, p[0], RMS_EPS);
      NDArray q = Nn.heads(Nn.linear(h, p[1], null), heads);
      NDArray k = Nn.heads(Nn.linear(h, p[2], null), heads);
      NDArray v = Nn.heads(Nn.linear(h, p[3], null), heads);
      if (cache != null) {
        NDArray[] kv = cache.append(i, k, v);
        k = kv[0];
        v = kv[1];
      }
      x = x.add(Nn.linear(Nn.merge(Nn.attention(q, k, v, mask)), p[4], null));
      h = Nn.rmsNorm(x, p[5], RMS_EPS);
      NDArray mlp = Nn.silu(Nn.linear(h, p[6], null)).mul(Nn.linear(h, p[7], null));
      x = x.add(Nn.linear(mlp, p[8], null));
    }
    return Nn.rmsNorm(x, norm, RMS_EPS);
  }
}
