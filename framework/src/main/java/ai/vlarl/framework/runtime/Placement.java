package ai.vlarl.framework.runtime;

import ai.vlarl.framework.core.UserException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a {@link PlacementConfig} against the mode's rules and the devices this machine has; every
 * error names the key and what is available.
 */
public final class Placement {
  private Placement() {}

  /** The devices here: {@code cpu}, then {@code cuda:0 .. cuda:n-1} as DJL's CUDA probe sees them. */
  public static List<String> availableDevices() {
    List<String> d = cached;
    if (d == null) {
      d = List.copyOf(devices(gpuCount()));
      cached = d;
    }
    return d;
  }

  private static volatile List<String> cached;

  private static int gpuCount() {
    int gpus;
    try {
      gpus = ai.djl.util.cuda.CudaUtils.getGpuCount();
    } catch (Throwable e) { // no CUDA runtime at all
      gpus = 0;
    }
    return gpus;
  }

  static List<String> devices(int gpus) {
    List<String> d = new ArrayList<>(List.of("cpu"));
    for (int i = 0; i < gpus; i++) {
      d.add("cuda:" + i);
    }
    return d;
  }

  /**
   * The device DJL computes on here, where rollout inference and the learner run: {@code cuda:0}
   * when the CUDA probe sees a GPU (DJL's default device), else {@code cpu}.
   */
  public static String computeDevice() {
    return computeDevice(availableDevices());
  }

  static String computeDevice(List<String> available) {
    return available.contains("cuda:0") ? "cuda:0" : "cpu";
  }

  /**
   * What a run should be told when {@code placement.rollout} or {@code placement.learner} names
   * another device than {@code compute}, the one they run on (placement is checked, not yet
   * applied); null when they name it.
   */
  public static String notApplied(PlacementConfig p, String compute) {
    return notApplied(p.rollout(), p.learner(), compute);
  }

  static String notApplied(String rollout, String learner, String compute) {
    if (rollout.equals(compute) && learner.equals(compute)) {
      return null;
    }
    return "placement.rollout=" + rollout + " placement.learner=" + learner
        + " are checked but not applied by this version: rollout inference and the learner run on "
        + compute + " (DJL's default device)";
  }

  /** @throws UserException naming the offending {@code placement.*} key */
  public static void validate(PlacementConfig p, List<String> available) {
    validate(p.mode(), p.env(), p.rollout(), p.learner(), available);
  }

  /** As {@link #validate(PlacementConfig, List)} for the four keys' values. */
  public static void validate(String mode, String env, String rollout, String learner, List<String> available) {
    String[][] keys = {{"placement.env", env}, {"placement.rollout", rollout},
        {"placement.learner", learner}};
    for (String[] kv : keys) {
      if (!available.contains(kv[1])) {
        throw new UserException(kv[0] + "=" + kv[1] + ": no such device on this machine (available: "
            + String.join(", ", available) + ")");
      }
    }
    switch (mode) {
      case "collocated" -> {
        if (!env.equals(rollout) || !rollout.equals(learner)) {
          throw new UserException("placement.mode=collocated puts env, rollout and learner on one device, got env="
              + env + " rollout=" + rollout + " learner=" + learner + " (use hybrid or disaggregated)");
        }
      }
      case "disaggregated" -> {
        if (rollout.equals(learner) || (env.equals(rollout) || env.equals(learner)) && !env.equals("cpu")) {
          throw new UserException("placement.mode=disaggregated needs a device per component (the env may stay "
              + "on cpu), got env=" + env + " rollout=" + rollout + " learner=" + learner);
        }
        if (env.equals("cpu") && (rollout.equals("cpu") || learner.equals("cpu"))) {
          throw new UserException("placement.mode=disaggregated: placement.rollout and placement.learner need "
              + "accelerators of their own beside a cpu env, got rollout=" + rollout + " learner=" + learner);
        }
      }
      case "hybrid" -> {
        if (env.equals(rollout)) {
          throw new UserException("placement.mode=hybrid puts env and rollout on different devices (they "
              + "pipeline), got both on " + env);
        }
        if (!learner.equals(env) && !learner.equals(rollout)) {
          throw new UserException("placement.mode=hybrid time-shares the learner with the env's or the "
              + "rollout's device, got learner=" + learner + " (env=" + env + ", rollout=" + rollout + ")");
        }
      }
      default -> throw new UserException("placement.mode=" + mode + " is not collocated, disaggregated or hybrid");
    }
  }
}
