package ai.vlarl.policies.vla;

import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports VLA parameters from a safetensors file laid out as OpenVLA's PyTorch modules (Prismatic's
 * {@code vision_backbone} / {@code projector} / {@code language_model}, timm ViT and Hugging Face
 * Llama names), through this name mapping:
 *
 * <pre>
 * file tensor                                   VLA parameter                 transform
 * vision_backbone.featurizer.T                  vision.T  (fused: vision.dino.T)   tower rules
 * vision_backbone.fused_featurizer.T            vision.siglip.T                    tower rules
 *   tower: patch_embed.proj.weight [w,3,p,p]    patch_embed.weight [w,3p²]         flatten
 *          patch_embed.proj.bias                patch_embed.bias
 *          pos_embed [1,N,w]                    pos_embed [N,w]                    drop the 1
 *          anything else                        the same name
 * projector.T                                   projector.T
 * proprio_projector.T                           proprio_projector.T
 * keypoint_projector.T                          keypoint_projector.T
 * language_model.model.embed_tokens.weight      llm.embed_tokens.weight
 * language_model.model.embed_positions.weight   llm.embed_positions.weight
 * language_model.model.layers.T                 llm.layers.T
 * language_model.model.norm.weight              llm.norm.weight
 * language_model.lm_head.weight [V,d]           action_head.weight [256,d]         rows V-1 … V-256
 * value_head.T                                  value_head.T
 * (any name already in the VLA's own naming)    itself
 * </pre>
 *
 * The lm_head rows are taken in reverse because action token t is vocabulary id V - 1 - t
 * (OpenVLA's action tokenizer). Every parameter must be present with its exact shape (after the
 * transform) and every tensor must map to a parameter; otherwise nothing is loaded and the error
 * names the tensors. Action statistics come from the metadata key {@code action_stats} when
 * present ({@link VlaWeights}' JSON form), else stay as they are.
 */
public final class WeightImport {
  private WeightImport() {}

  /** Reads {@code file} and loads it into {@code policy}. */
  public static void load(VlaPolicy policy, Path file) throws IOException {
    apply(Safetensors.read(file), file.toString(), policy);
  }

  /** A tensor after mapping: its VLA name, the file name, shape and values. */
  private record Mapped(String name, String from, long[] shape, float[] values) {}

  static void apply(Safetensors.Contents c, String source, VlaPolicy policy) throws IOException {
    boolean fused = policy.arch().fused();
    Map<String, Parameter> params = policy.network().namedParameters();
    Map<String, Mapped> mapped = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Safetensors.Tensor> e : c.tensors().entrySet()) {
      String from = e.getKey();
      Safetensors.Tensor t = e.getValue();
      String name = params.containsKey(from) ? from : map(from, fused);
      if (name == null || !params.containsKey(name)) {
        problems.add("tensor '" + from + "' maps to no parameter"
            + (name == null ? "" : " (would be '" + name + "')"));
        continue;
      }
      if (!List.of("F32", "F16", "BF16", "F64").contains(t.dtype())) {
        problems.add("tensor '" + from + "' has dtype " + t.dtype() + ", not floating point");
        continue;
      }
      long[] want = params.get(name).getArray().getShape().getShape();
      Mapped m = transform(name, from, t, want);
      if (m == null) {
        problems.add("tensor '" + from + "' " + Arrays.toString(t.shape()) + " does not fit '"
            + name + "' " + Arrays.toString(want));
      } else if (mapped.put(name, m) != null) {
        problems.add("two tensors map to '" + name + "' (the second: '" + from + "')");
      }
    }
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      if (!mapped.containsKey(e.getKey())) {
        problems.add("no tensor for '" + e.getKey() + "' "
            + Arrays.toString(e.getValue().getArray().getShape().getShape()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException(
          source + " does not fit this VLA: "
              + String.join("; ", problems.subList(0, Math.min(6, problems.size())))
              + (problems.size() > 6 ? "; and " + (problems.size() - 6) + " more" : ""));
    }
    ActionStats stats =
        c.metadata().containsKey("action_stats")
            ? VlaWeights.stats(source, c.metadata().get("action_stats"))
            : null;
    mapped.values().forEach(m -> policy.setParameter(m.name(), m.values()));
    if (stats != null) {
      policy.setStats(stats);
    }
  }

  /** The VLA name of file tensor {@code from}, or null when no rule applies. */
  static String map(String from, boolean fused) {
    String tower = null;
    String rest = null;
    if (from.startsWith("vision_backbone.featurizer.")) {
      tower = fused ? "vision.dino." : "vision.";
      rest = from.substring("vision_backbone.featurizer.".length());
    } else if (from.startsWith("vision_backbone.fused_featurizer.")) {
      tower = "vision.siglip.";
      rest = from.substring("vision_backbone.fused_featurizer.".length());
    }
    if (tower != null) {
      return tower + switch (rest) {
        case "patch_embed.proj.weight" -> "patch_embed.weight";
        case "patch_embed.proj.bias" -> "patch_embed.bias";
        default -> rest;
      };
    }
    if (from.startsWith("projector.") || from.startsWith("proprio_projector.")
        || from.startsWith("keypoint_projector.")
        || from.startsWith("value_head.")) {
      return from;
    }
    if (from.equals("language_model.lm_head.weight")) {
      return "action_head.weight";
    }
    if (from.startsWith("language_model.model.")) {
      return "llm." + from.substring("language_model.model.".length());
    }
    return null;
  }

  private static Mapped transform(String name, String from, Safetensors.Tensor t, long[] want) {
    float[] v = t.toFloats();
    long[] shape = t.shape();
    if (name.equals("action_head.weight") && from.equals("language_model.lm_head.weight")) {
      // rows V-1, V-2, ..., V-256 of the LM head
      if (shape.length != 2 || shape[1] != want[1] || shape[0] < want[0]) {
        return null;
      }
      int d = (int) shape[1];
      int vocab = (int) shape[0];
      float[] rows = new float[(int) (want[0] * d)];
      for (int tok = 0; tok < want[0]; tok++) {
        System.arraycopy(v, (vocab - 1 - tok) * d, rows, tok * d, d);
      }
      return new Mapped(name, from, want, rows);
    }
    if (Arrays.equals(shape, want)) {
      return new Mapped(name, from, want, v);
    }
    boolean flatten =
        name.endsWith("patch_embed.weight") && shape.length == 4 && shape[0] == want[0]
            && t.numel() == product(want);
    boolean squeeze =
        name.endsWith("pos_embed") && shape.length == 3 && shape[0] == 1
            && shape[1] == want[0] && shape[2] == want[1];
    return flatten || squeeze ? new Mapped(name, from, want, v) : null;
  }

  private static long product(long[] s) {
    long n = 1;
    for (long d : s) {
      n *= d;
    }
    return n;
  }
}
