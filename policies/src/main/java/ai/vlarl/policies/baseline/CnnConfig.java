package ai.vlarl.policies.baseline;

import ai.vlarl.framework.config.Doc;
import java.util.List;

/**
 * Config section of {@code policy.kind: cnn}.
 *
 * @param channels output channels of each conv layer
 * @param kernel square kernel size of every conv layer
 * @param stride stride of every conv layer
 * @param features width of the linear layer after the flattened conv trunk
 * @param hidden widths of the shared ReLU layers after image features, proprio and task one-hot
 *     are concatenated
 * @param bins action levels per dimension
 * @param chunk action steps per decision
 * @param task_onehot whether to append a one-hot of the task id
 * @param proprio whether to append the proprioceptive vector when the env provides one
 * @param wrist_image whether to stack the wrist camera image as 3 more input channels
 */
public record CnnConfig(
    @Doc(value = "output channels of each conv layer (ReLU after each)", dflt = "[16, 32, 32]")
        List<Integer> channels,
    @Doc(value = "square kernel size of every conv layer (padding kernel/2)", dflt = "3")
        int kernel,
    @Doc(value = "stride of every conv layer", dflt = "2") int stride,
    @Doc(value = "width of the linear ReLU layer after the flattened conv trunk", dflt = "128")
        int features,
    @Doc(
            value =
                "widths of the shared ReLU layers that read [image features, proprio, task"
                    + " one-hot] before the actor and critic heads",
            dflt = "[128]")
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
        int chunk,
    @Doc(
            value =
                "append a one-hot of the task id (this baseline does not read instructions);"
                    + " ignored when the env has fewer than 2 tasks",
            dflt = "true")
        boolean task_onehot,
    @Doc(
            value = "append the proprioceptive vector (obs.proprio) when the env provides one",
            dflt = "true")
        boolean proprio,
    @Doc(
            value = "stack the wrist camera image as 3 more input channels (env must have one)",
            dflt = "false")
        boolean wrist_image) {

  public CnnConfig {
    channels = Configs.widths("channels", channels, false);
    hidden = Configs.widths("hidden", hidden, true);
    if (kernel < 1) {
      throw new IllegalArgumentException("policy.kernel must be at least 1, got " + kernel);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("policy.stride must be at least 1, got " + stride);
    }
    if (features < 1) {
      throw new IllegalArgumentException("policy.features must be at least 1, got " + features);
    }
    Configs.bins(bins);
    Configs.chunk(chunk);
  }
}
