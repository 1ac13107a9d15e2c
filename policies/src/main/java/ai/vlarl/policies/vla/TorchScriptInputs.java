package ai.vlarl.policies.vla;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.vlarl.framework.core.HostArray;

/**
 * The arguments of an exported {@code BatchVla.forward} for a checked batch ({@link VlaInputs}):
 *
 * <pre>
 *   pixels      float [B, C, S, S] in [0, 1] (C = 6 with the wrist image: main rgb, then wrist rgb)
 *   proprio     float [B, P], or a column of zeros [B, 1] when the architecture has none
 *   prompt_ids  int64 [B, max_prompt_tokens], the prompt tokens left-padded with 0 (no BOS: the
 *               module puts its own first)
 *   tokens      int64 [B, chunk·dim] action tokens (teacher forcing; unused by parallel decoding)
 * </pre>
 *
 * Prompts are always padded to {@code max_prompt_tokens}, not to the longest of the batch:
 * TorchScript's executor specializes its graph on input shapes, and a new width per batch would
 * re-optimize (in training, re-differentiate) it again and again. Pads are masked out inside the
 * module, so the outputs are those of the shortest padding.
 */
final class TorchScriptInputs {
  private TorchScriptInputs() {}

  static NDList of(NDManager m, VlaArch arch, VlaInputs in, int[] tokens) {
    NDArray pixels = in.pixels(m);
    NDArray proprio = arch.proprioDim() > 0 ? in.proprio(m) : m.zeros(new Shape(in.rows, 1));
    NDArray prompt = in.textIds(m).get(":, 1:"); // drop VlaInputs' BOS
    if (in.promptLen < arch.maxPromptTokens()) {
      prompt = m.zeros(new Shape(in.rows, arch.maxPromptTokens() - in.promptLen), DataType.INT64)
          .concat(prompt, 1);
    }
    long[] t = new long[tokens.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = tokens[i];
    }
    return new NDList(pixels, proprio, prompt, m.create(t, new Shape(in.rows, arch.actionTokens())));
  }
}
