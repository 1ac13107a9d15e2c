package ai.vlarl.policies.vla;

import ai.vlarl.framework.config.Doc;

/**
 * Config section of {@code policy.kind: vla-torchscript} — see {@link TorchScriptVla}.
 *
 * @param path the export directory ({@code model.pt} + {@code vla.json}) or its {@code model.pt}
 * @param temperature sampling temperature of the action tokens
 * @param trainable load the module's parameters as trainable (PPO/GRPO may update them)
 */
public record TorchScriptVlaConfig(
    @Doc(
            value =
                "directory written by policies/python/vlarl_vla_ref/export.py (model.pt, a traced"
                    + " BatchVla, and vla.json: architecture, decoding, action statistics), or"
                    + " the model.pt in it",
            dflt = "")
        String path,
    @Doc(
            value =
                "sampling temperature of the action tokens (rollout and PPO log-probs alike);"
                    + " greedy evaluation ignores it",
            dflt = "1.0")
        double temperature,
    @Doc(
            value =
                "load the TorchScript parameters as trainable (DJL's trainParam), so PPO and GRPO"
                    + " can update them; false freezes them: rollout and evaluation only",
            dflt = "true")
        boolean trainable) {

  public TorchScriptVlaConfig {
    path = path == null ? "" : path.strip();
    if (!(temperature > 0) || temperature > 100) {
      throw new IllegalArgumentException("policy.temperature must be in (0, 100], got " + temperature);
    }
  }
}
