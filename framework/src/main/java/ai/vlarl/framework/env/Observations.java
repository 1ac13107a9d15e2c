package ai.vlarl.framework.env;

import ai.vlarl.framework.core.HostArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A batch of observations of {@code size} sub-envs. Absent parts are {@code null}.
 *
 * @param size number of rows (sub-envs)
 * @param state float32 {@code [N, stateDim]}: proprio + object poses
 * @param image uint8 {@code [N, H, W, 3]}: third-person camera
 * @param wristImage uint8 {@code [N, H, W, 3]}: wrist camera
 * @param proprio float32 {@code [N, P]}
 * @param instructions one language instruction per row
 * @param taskIds task index per row (into {@link EnvSpec#tasks()})
 */
public record Observations(
    int size,
    HostArray state,
    HostArray image,
    HostArray wristImage,
    HostArray proprio,
    String[] instructions,
    int[] taskIds) {

  public Observations {
    checkRows("state", state, size);
    checkRows("image", image, size);
    checkRows("wristImage", wristImage, size);
    checkRows("proprio", proprio, size);
    if (instructions != null && instructions.length != size) {
      throw new IllegalArgumentException(instructions.length + " instructions for " + size + " rows");
    }
    if (taskIds != null && taskIds.length != size) {
      throw new IllegalArgumentException(taskIds.length + " task ids for " + size + " rows");
    }
  }

  private static void checkRows(String what, HostArray a, int size) {
    if (a != null && (a.rank() == 0 || a.dim(0) != size)) {
      throw new IllegalArgumentException(what + " " + a + " does not have " + size + " rows");
    }
  }

  /** The given rows, in that order (copies). */
  public Observations gather(int[] rows) {
    return new Observations(
        rows.length,
        state == null ? null : state.gather(rows),
        image == null ? null : image.gather(rows),
        wristImage == null ? null : wristImage.gather(rows),
        proprio == null ? null : proprio.gather(rows),
        instructions == null ? null : pick(instructions, rows),
        taskIds == null ? null : Arrays.stream(rows).map(r -> taskIds[r]).toArray());
  }

  private static String[] pick(String[] a, int[] rows) {
    String[] out = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = a[rows[i]];
    }
    return out;
  }

  /** Concatenates batches with the same parts along the rows. */
  public static Observations concat(List<Observations> parts) {
    int n = parts.stream().mapToInt(Observations::size).sum();
    Observations first = parts.get(0);
    String[] instr = null;
    int[] tasks = null;
    if (first.instructions != null) {
      List<String> all = new ArrayList<>(n);
      parts.forEach(p -> all.addAll(Arrays.asList(p.instructions)));
      instr = all.toArray(String[]::new);
    }
    if (first.taskIds != null) {
      tasks = parts.stream().flatMapToInt(p -> Arrays.stream(p.taskIds)).toArray();
    }
    return new Observations(
        n,
        cat(parts, Observations::state),
        cat(parts, Observations::image),
        cat(parts, Observations::wristImage),
        cat(parts, Observations::proprio),
        instr,
        tasks);
  }

  private static HostArray cat(List<Observations> parts, Function<Observations, HostArray> f) {
    if (f.apply(parts.get(0)) == null) {
      return null;
    }
    return HostArray.concat(parts.stream().map(f).toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Observations x
        && x.size == size
        && java.util.Objects.equals(x.state, state)
        && java.util.Objects.equals(x.image, image)
        && java.util.Objects.equals(x.wristImage, wristImage)
        && java.util.Objects.equals(x.proprio, proprio)
        && Arrays.equals(x.instructions, instructions)
        && Arrays.equals(x.taskIds, taskIds);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(size, state, image, proprio) * 31 + Arrays.hashCode(taskIds);
  }

  @Override
  public String toString() {
    return "Observations[size=" + size + ", state=" + state + ", image=" + image + ", wrist="
        + wristImage + ", proprio=" + proprio + "]";
  }
}
