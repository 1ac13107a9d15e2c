package ai.vlarl.drivers.control;

import ai.vlarl.framework.config.Doc;
import java.util.List;

/**
 * The {@code loop:} section of a deploy config: the rates of the policy and of the arm's servo
 * stream, and how action chunks are executed.
 */
public record LoopConfig(
    @Doc(value = "action steps per second: the policy's rate (one action step lasts 1/policy_hz;"
        + " the tabletop policies are trained at 10)", dflt = "10") double policy_hz,
    @Doc(value = "servo commands per second sent to the arm (UR takes up to 500; the sim driver"
        + " needs a whole multiple of policy_hz)", dflt = "100")
        double driver_hz,
    @Doc(value = "executing action chunks: 'queue' (open loop: play the whole chunk, then ask"
        + " again) or 'ensemble' (ask every step, average the overlapping predictions of a step"
        + " with weights exp(-ensemble_decay * i), i = 0 for the oldest)", dflt = "queue")
        String chunking,
    @Doc(value = "temporal ensembling decay m (ACT's default 0.01); larger trusts older"
        + " predictions more", dflt = "0.01") double ensemble_decay,
    @Doc(value = "queue mode: ask for the next chunk this many steps before the queue runs dry,"
        + " hiding inference latency (0 asks when it is empty, with the freshest observation)",
        dflt = "0") int prefetch_steps,
    @Doc(value = "run the policy on its own thread ('async', the servo stream continues while it"
        + " thinks) or on the loop's ('inline')", dflt = "async") String inference) {

  /** Chunking modes. */
  public static final List<String> CHUNKING = List.of("queue", "ensemble");

  public LoopConfig {
    if (!(policy_hz > 0) || policy_hz > 1000) {
      throw new IllegalArgumentException("policy_hz must be in (0, 1000], got " + policy_hz);
    }
    if (!(driver_hz >= policy_hz) || driver_hz > 2000) {
      throw new IllegalArgumentException("driver_hz must be in [policy_hz, 2000], got " + driver_hz
          + " (policy_hz " + policy_hz + ")");
    }
    if (!CHUNKING.contains(chunking)) {
      throw new IllegalArgumentException("chunking must be 'queue' or 'ensemble', got '" + chunking + "'");
    }
    if (!(ensemble_decay >= 0)) {
      throw new IllegalArgumentException("ensemble_decay must be >= 0, got " + ensemble_decay);
    }
    if (prefetch_steps < 0) {
      throw new IllegalArgumentException("prefetch_steps must be >= 0, got " + prefetch_steps);
    }
    if (!inference.equals("async") && !inference.equals("inline")) {
      throw new IllegalArgumentException("inference must be 'async' or 'inline', got '" + inference + "'");
    }
  }

  /** Servo ticks per action step (may be fractional). */
  public double ticksPerStep() {
    return driver_hz / policy_hz;
  }

  /** The servo period in seconds. */
  public double driverPeriod() {
    return 1 / driver_hz;
  }

  /** A chunk scheduler for this config. */
  public ChunkScheduler newScheduler() {
    return chunking.equals("queue") ? new OpenLoopQueue(prefetch_steps)
        : new TemporalEnsemble(ensemble_decay);
  }
}
