package ai.vlarl.policies.vla;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyFactory;
import java.nio.file.Path;

/** {@code policy.kind: vla-torchscript} — see {@link TorchScriptVla}. */
public final class TorchScriptVlaFactory implements PolicyFactory {
  @Override
  public Class<? extends Record> configType() {
    return TorchScriptVlaConfig.class;
  }

  @Override
  public String description() {
    return "an OpenVLA-style VLA exported as TorchScript (policies/python/vlarl_vla_ref/export.py),"
        + " run through DJL's PtSymbolBlock: rollout, evaluation and PPO/GRPO fine-tuning";
  }

  /** The weights come from {@code policy.path}; {@code seed} is unused. */
  @Override
  public Policy create(Record config, EnvSpec env, long seed) {
    if (!(config instanceof TorchScriptVlaConfig c)) {
      throw new IllegalArgumentException("policy 'vla-torchscript' takes a TorchScriptVlaConfig, got "
          + (config == null ? "null" : config.getClass().getSimpleName()));
    }
    TorchScriptExport export = TorchScriptExport.read(Path.of(c.path()));
    requireFits(export, env);
    return TorchScriptVla.load(export, c.temperature(), c.trainable());
  }

  /**
   * Checks that the exported architecture fits {@code env}: square rgb images of its side,
   * instructions, its action dimensions, a chunk the env accepts, and proprio of its length when the
   * module reads proprio.
   *
   * @throws UserException naming the mismatching field of {@code vla.json} and of the env
   */
  public static void requireFits(TorchScriptExport export, EnvSpec env) {
    VlaArch a = export.arch();
    ObservationSpec o = env.observation();
    String where = export.model().resolveSibling(TorchScriptExport.META_FILE) + ": ";
    if (!o.hasImage() || o.imageHeight() != a.imageSize() || o.imageWidth() != a.imageSize()) {
      throw new UserException(where + "arch.imageSize=" + a.imageSize() + " needs "
          + a.imageSize() + "x" + a.imageSize() + " rgb images, env " + env.name() + " has "
          + (o.hasImage() ? o.imageHeight() + "x" + o.imageWidth() : "no images")
          + " (set env.image_size / env.obs_mode, or export for the env's images)");
    }
    if (!o.instructions()) {
      throw new UserException(where + "the VLA needs a language instruction per sub-env; env "
          + env.name() + " has none");
    }
    if (a.actionDim() != env.action().dim()) {
      throw new UserException(where + "arch.actionDim=" + a.actionDim() + " but env " + env.name()
          + " has " + env.action().dim() + " action dimensions");
    }
    if (a.chunk() > env.action().maxChunk()) {
      throw new UserException(where + "arch.chunk=" + a.chunk() + " exceeds the longest action"
          + " chunk env " + env.name() + " accepts (" + env.action().maxChunk() + ")");
    }
    if (a.wrist() && !o.wristImage()) {
      throw new UserException(where + "arch.wrist=true but env " + env.name()
          + " renders no wrist camera (tabletop: env.wrist_camera=true)");
    }
    if (a.proprioDim() > 0 && a.proprioDim() != o.proprioDim()) {
      throw new UserException(where + "arch.proprioDim=" + a.proprioDim() + " but env " + env.name()
          + " has " + (o.proprioDim() == 0 ? "no proprio vector" : "proprio of " + o.proprioDim()));
    }
  }
}
