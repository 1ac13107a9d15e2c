package ai.vlarl.policies.vla;

import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyFactory;
import java.io.IOException;

/** {@code policy.kind: vla} — see {@link VlaPolicy}. */
public final class VlaPolicyFactory implements PolicyFactory {
  @Override
  public Class<? extends Record> configType() {
    return VlaConfig.class;
  }

  @Override
  public String description() {
    return "OpenVLA-style vision-language-action transformer: ViT + projector + causal backbone,"
        + " 256-bin action tokens, autoregressive or parallel chunk decoding, value head";
  }

  @Override
  public Policy create(Record config, EnvSpec env, long seed) {
    if (!(config instanceof VlaConfig c)) {
      throw new IllegalArgumentException(
          "policy 'vla' takes a VlaConfig, got "
              + (config == null ? "null" : config.getClass().getSimpleName()));
    }
    return create(c, env, seed);
  }

  /**
   * A policy for {@code env}: checks that the env has what the config needs, builds the
   * architecture, and loads {@code init} when set.
   *
   * @throws IllegalArgumentException for an env without images or instructions, a too long
   *     chunk, a proprio request the env cannot serve, or an init checkpoint that does not fit
   */
  public static VlaPolicy create(VlaConfig c, EnvSpec env, long seed) {
    ObservationSpec o = env.observation();
    if (!o.hasImage() || o.imageHeight() != o.imageWidth()) {
      throw new IllegalArgumentException(
          "policy 'vla' needs square camera images; use an env observation mode with rgb images"
              + " (e.g. env.obs_mode=rgb); env " + env.name() + " has "
              + (o.hasImage() ? o.imageHeight() + "x" + o.imageWidth() : "none"));
    }
    if (!o.instructions()) {
      throw new IllegalArgumentException(
          "policy 'vla' needs a language instruction per sub-env; env " + env.name() + " has none");
    }
    if (c.chunk() > env.action().maxChunk()) {
      throw new IllegalArgumentException(
          "policy.chunk=" + c.chunk() + " exceeds the longest action chunk env " + env.name()
              + " accepts (" + env.action().maxChunk() + ")");
    }
    if (c.proprio() && o.proprioDim() == 0) {
      throw new IllegalArgumentException(
          "policy.proprio=true but env " + env.name() + " has no proprio vector");
    }
    if (c.wrist_image() && !o.wristImage()) {
      throw new IllegalArgumentException(
          "policy.wrist_image=true but env " + env.name() + " renders no wrist camera"
              + " (tabletop: env.wrist_camera=true)");
    }
    VlaArch arch =
        arch(c, o.imageHeight(), c.proprio() ? o.proprioDim() : 0, env.action().dim());
    VlaPolicy p = new VlaPolicy(arch, c.decoding(), c.kv_cache(), c.temperature(), seed);
    if (!c.init().isEmpty()) {
      try {
        VlaCheckpoints.load(p, java.nio.file.Path.of(c.init()));
      } catch (IOException e) {
        p.close();
        throw new IllegalArgumentException("policy.init=" + c.init() + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        p.close();
        throw e;
      }
    }
    return p;
  }

  /** The architecture of {@code config} for square images of side {@code imageSize}. */
  public static VlaArch arch(VlaConfig c, int imageSize, int proprioDim, int actionDim) {
    VlaSize s = c.size();
    return new VlaArch(
        imageSize,
        c.patch(),
        c.pool() > 0 ? c.pool() : s.pool,
        c.vision() == VlaConfig.Vision.FUSED,
        c.stem() == VlaConfig.Stem.CONV,
        c.film(),
        c.keypoints() && c.stem() == VlaConfig.Stem.CONV,
        c.film() && c.film_order(),
        c.wrist_image(),
        s.visionWidth,
        s.visionLayers,
        s.visionHeads,
        s.width,
        s.layers,
        s.heads,
        s.mlpHidden,
        s.valueHidden,
        proprioDim,
        c.max_prompt_tokens(),
        c.chunk(),
        actionDim,
        InstructionTokenizer.vocabSize());
  }
}
