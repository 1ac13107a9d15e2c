package ai.vlarl.policies.baseline;

import ai.vlarl.framework.config.Doc;
import java.util.List;

/**
 * Config section of {@code policy.kind: mlp}.
 *
 * @param hidden widths of the hidden layers, the same for the actor and the separate critic
 * @param bins action levels per dimension
 * @param chunk action steps per decision
 */
public record MlpConfig(
    @Doc(
            value =
                "hidden layer widths of the actor MLP and of the separate critic MLP (tanh"
                    + " activations); [] makes both linear",
            dflt = "[128, 128]")
        List<Integer> hidden,
    @Doc(
            value =
                "action levels per dimension, evenly spaced over [-1, 1] with both ends"
                    + " included; odd and >= 3 so that 0 is a level",
            dflt = "21")
        int bins,
    @Doc(
            value = "action steps emitted per decision (at most the env's max action chunk)",
            dflt = "1")
        int chunk) {

  public MlpConfig {
    hidden = Configs.widths("hidden", hidden, true);
    Configs.bins(bins);
    Configs.chunk(chunk);
  }
}
