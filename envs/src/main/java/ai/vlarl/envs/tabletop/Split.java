package ai.vlarl.envs.tabletop;

import java.util.Arrays;
import java.util.List;

/**
 * Which episode distribution a tabletop env draws from ({@code env.split}): the training
 * distribution, or one of three out-of-distribution evaluation splits in the manner of RL4VLA.
 *
 * <ul>
 *   <li>{@code train}: the standard distribution. It never produces the (task, target color)
 *       combinations that {@link #HELD_OUT} reserves for the semantic split, and never the
 *       phrasings of {@link Instructions#heldOut}.
 *   <li>{@code ood-vision}: the same episodes as {@code train} from the same seeds, drawn under
 *       unseen looks: table and background colors, table textures and lighting ({@link
 *       Appearance}); object colors keep their names. Only images change.
 *   <li>{@code ood-semantic}: unseen object/instruction combinations: every target block has its
 *       task's held-out color, and instructions use phrasings never seen in training.
 *   <li>{@code ood-execution}: unseen positions and poses: the target block starts outside the
 *       training placement range (in the band between it and the table's edge), the other blocks
 *       and the fixtures anywhere up to the edge, and the end-effector starts outside its
 *       training box.
 * </ul>
 */
public enum Split {
  TRAIN("train"),
  OOD_VISION("ood-vision"),
  OOD_SEMANTIC("ood-semantic"),
  OOD_EXECUTION("ood-execution");

  /**
   * The target color each task never has in training (index: the task's {@link Task#slot()}):
   * reach → purple, push → yellow, pick-place → blue. These colors still appear in training as
   * distractors, as fixtures and as targets of the other tasks.
   */
  public static final List<Palette> HELD_OUT = List.of(Palette.PURPLE, Palette.YELLOW, Palette.BLUE);

  private final String word;

  Split(String word) {
    this.word = word;
  }

  /** The name used in configs ({@code ood-vision}). */
  public String word() {
    return word;
  }

  /** The split called {@code word}, or null. */
  public static Split find(String word) {
    for (Split s : values()) {
      if (s.word.equals(word)) {
        return s;
      }
    }
    return null;
  }

  /** All names, in declaration order. */
  public static List<String> words() {
    return Arrays.stream(values()).map(Split::word).toList();
  }

  /** The held-out target color of {@code task}. */
  public static Palette heldOut(Task task) {
    return HELD_OUT.get(task.slot());
  }
}
