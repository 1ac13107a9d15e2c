package ai.vlarl.experiments.deploy;

import ai.vlarl.drivers.control.LoopConfig;
import ai.vlarl.drivers.control.MappingConfig;
import ai.vlarl.drivers.safety.SafetyConfig;
import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.config.Section;

/**
 * A deploy, as written in a deploy YAML ({@code experiments/configs/deploy-*.yaml}) and
 * overridden on the command line ({@code loop.policy_hz=20}).
 */
public record DeployConfig(
    @Doc(value = "the arm: kind (sim, ur-rtde, remote) and that driver's keys", dflt = "sim")
        Section driver,
    @Doc("limits the safety shield enforces on every command") SafetyConfig safety,
    @Doc("rates of the policy and the servo stream, chunk execution") LoopConfig loop,
    @Doc("from normalized actions to end-effector motion, and back for proprio") MappingConfig mapping,
    @Doc("the camera of image policies on real arms") CameraConfig camera) {}
