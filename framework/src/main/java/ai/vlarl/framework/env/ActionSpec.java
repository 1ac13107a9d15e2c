package ai.vlarl.framework.env;

import java.util.List;

/**
 * The action space of one sub-env: {@code dim} continuous dimensions, each in [-1, 1] (normalized
 * delta end-effector control, as in LIBERO and ManiSkill3).
 *
 * @param dim action dimensions per step, e.g. 4 for {@code [dx, dy, dz, gripper]}
 * @param maxChunk the longest action chunk one {@code step} accepts
 * @param names one name per dimension, for logs and errors
 */
public record ActionSpec(int dim, int maxChunk, List<String> names) {
  public ActionSpec {
    if (dim <= 0 || maxChunk <= 0) {
      throw new IllegalArgumentException("action dim and max chunk must be positive");
    }
    names = List.copyOf(names);
    if (names.size() != dim) {
      throw new IllegalArgumentException(names.size() + " action names for " + dim + " dims");
    }
  }
}
