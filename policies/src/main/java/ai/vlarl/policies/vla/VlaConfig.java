package ai.vlarl.policies.vla;

import ai.vlarl.framework.config.Doc;

/**
 * Config section of {@code policy.kind: vla} — see {@link VlaPolicy}.
 *
 * @param size named size (widths and depths, {@link VlaSize})
 * @param vision one ViT, or two fused ones as OpenVLA's DINOv2 + SigLIP
 * @param stem how pixels become patch tokens: a conv stem, or a linear patch embedding
 * @param patch ViT patch side in pixels
 * @param pool patch features merged per backbone token, per side (0: the size's)
 * @param film FiLM language conditioning of the vision tower (OpenVLA-OFT)
 * @param keypoints a spatial-softmax keypoint token from the conv stem
 * @param film_order FiLM also reads where in the instruction each word stands
 * @param decoding autoregressive (OpenVLA) or parallel chunk decoding (OpenVLA-OFT)
 * @param chunk action steps per decision
 * @param proprio feed the proprio vector as one token
 * @param wrist_image stack the wrist camera's image after the main one as 3 more stem channels
 * @param temperature sampling temperature
 * @param kv_cache use a KV cache in autoregressive rollout
 * @param max_prompt_tokens longest prompt in tokens
 * @param init checkpoint to start from
 * @param sft supervised fine-tuning settings
 */
public record VlaConfig(
    @Doc(value = "named size: tiny, small or base (see policies/README.md)", dflt = "tiny")
        VlaSize size,
    @Doc(
            value =
                "vision encoder: single (one ViT) or fused (two ViTs, features concatenated, as"
                    + " OpenVLA's DINOv2 + SigLIP)",
            dflt = "single")
        Vision vision,
    @Doc(
            value =
                "patch embedding: conv (two 3x3 stride-2 convolutions, then a patch/4 convolution:"
                    + " a hybrid ViT, which learns to localize objects from far fewer samples) or"
                    + " linear (OpenVLA's pure ViT: a linear map of raw pixel patches)",
            dflt = "conv")
        Stem stem,
    @Doc(value = "ViT patch side in pixels; the image side must be a multiple (of 4 with the conv stem)", dflt = "8")
        int patch,
    @Doc(
            value =
                "side of the square groups of patch features merged into one backbone token"
                    + " (1: a token per patch as OpenVLA; the patch grid side: one token for the"
                    + " whole image); 0 takes the size's value",
            dflt = "0")
        int pool,
    @Doc(
            value =
                "FiLM language conditioning of the vision tower (OpenVLA-OFT's option): its"
                    + " features become (1 + gamma) x + beta, gamma and beta linear in the mean"
                    + " prompt embedding",
            dflt = "true")
        boolean film,
    @Doc(
            value =
                "FiLM also reads the position-weighted mean of the instruction's token embeddings"
                    + " (first word -1 .. last word +1), so 'the red block onto the blue zone' and"
                    + " 'the blue block onto the red zone' condition the vision tower differently;"
                    + " the plain mean (false) is a bag of words",
            dflt = "true")
        boolean film_order,
    @Doc(
            value =
                "one more vision token of spatial-softmax keypoints (the expected image"
                    + " coordinates of each conv-stem channel, Levine et al.), which gives a small"
                    + " model object positions as numbers; needs stem=conv",
            dflt = "true")
        boolean keypoints,
    @Doc(
            value =
                "action decoding: autoregressive (OpenVLA, token by token) or parallel"
                    + " (OpenVLA-OFT, the whole chunk in one pass)",
            dflt = "autoregressive")
        Decoding decoding,
    @Doc(value = "action steps per decision (at most the env's max action chunk)", dflt = "1")
        int chunk,
    @Doc(value = "feed the proprio vector (obs.proprio) as one token after the image", dflt = "false")
        boolean proprio,
    @Doc(
            value =
                "also read the wrist camera image (the env must render one, tabletop:"
                    + " env.wrist_camera=true), stacked after the main image as 3 more input"
                    + " channels of the conv stem; needs stem=conv",
            dflt = "false")
        boolean wrist_image,
    @Doc(
            value =
                "sampling temperature of the action tokens (rollout and PPO log-probs alike);"
                    + " greedy evaluation ignores it",
            dflt = "1.0")
        double temperature,
    @Doc(
            value =
                "autoregressive rollout with a KV cache; false recomputes the whole sequence for"
                    + " every token (same result, slower)",
            dflt = "true")
        boolean kv_cache,
    @Doc(
            value =
                "longest prompt (OpenVLA's template + the instruction) in tokens; longer"
                    + " instructions are refused",
            dflt = "32")
        int max_prompt_tokens,
    @Doc(
            value =
                "start from a checkpoint: a run directory (vlarl sft or train; its latest"
                    + " checkpoint), a checkpoint directory, or a policy.params / .safetensors"
                    + " file; empty for a fresh initialization",
            dflt = "")
        String init,
    @Doc("supervised fine-tuning on demonstrations (vlarl sft)") SftConfig sft) {

  /** Vision encoders. */
  public enum Vision {
    SINGLE,
    FUSED
  }

  /** Patch embeddings. */
  public enum Stem {
    CONV,
    LINEAR
  }

  /** Action decoding modes. */
  public enum Decoding {
    AUTOREGRESSIVE,
    PARALLEL
  }

  public VlaConfig {
    if (size == null || vision == null || stem == null || decoding == null) {
      throw new IllegalArgumentException("size, vision, stem and decoding need values");
    }
    if (pool < 0) {
      throw new IllegalArgumentException("pool must be >= 0 (0: the size's), got " + pool);
    }
    if (patch < 1) {
      throw new IllegalArgumentException("patch must be at least 1, got " + patch);
    }
    if (wrist_image && stem != Stem.CONV) {
      throw new IllegalArgumentException(
          "wrist_image=true needs stem=conv (the wrist image enters as 3 more conv-stem channels)");
    }
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be at least 1, got " + chunk);
    }
    if (!(temperature > 0) || temperature > 100) {
      throw new IllegalArgumentException("temperature must be in (0, 100], got " + temperature);
    }
    if (max_prompt_tokens < 8 || max_prompt_tokens > 512) {
      throw new IllegalArgumentException(
          "max_prompt_tokens must be in [8, 512], got " + max_prompt_tokens);
    }
    init = init == null ? "" : init.strip();
  }
}
