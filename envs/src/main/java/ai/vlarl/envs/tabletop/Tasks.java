package ai.vlarl.envs.tabletop;

import java.util.List;

/** The tasks of the tabletop suite, in canonical order (the order of the state's task one-hot). */
public final class Tasks {
  /** reach, push, pick-place. */
  public static final List<Task> ALL = List.of(new ReachTask(), new PushTask(), new PickPlaceTask());

  private Tasks() {}

  /** The task called {@code name}, or null. */
  public static Task find(String name) {
    for (Task t : ALL) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** All task names. */
  public static List<String> names() {
    return ALL.stream().map(Task::name).toList();
  }
}
