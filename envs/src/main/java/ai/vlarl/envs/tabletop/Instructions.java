package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.Rng;
import java.util.List;

/**
 * Instruction templates. {@code {block}} is replaced by the target block's color word, {@code
 * {goal}} by the goal fixture's; each episode picks one phrasing from its seed.
 */
public final class Instructions {
  /** Phrasings of reach. */
  public static final List<String> REACH =
      List.of(
          "reach the {block} block",
          "move the gripper to the {block} block",
          "touch the {block} cube",
          "go to the {block} block");
  /** Phrasings of push. */
  public static final List<String> PUSH =
      List.of(
          "push the {block} block into the {goal} zone",
          "slide the {block} cube into the {goal} square",
          "push the {block} block onto the {goal} area");
  /** Phrasings of pick-place. */
  public static final List<String> PICK_PLACE =
      List.of(
          "put the {block} block on the {goal} plate",
          "pick up the {block} cube and place it on the {goal} plate",
          "place the {block} block onto the {goal} plate",
          "move the {block} block to the {goal} plate");

  /** Phrasings of reach held out of training (the {@code ood-semantic} split). */
  public static final List<String> REACH_UNSEEN =
      List.of(
          "bring the end effector over to the {block} cube",
          "position your gripper at the {block} block",
          "find the {block} block and hover on it");
  /** Phrasings of push held out of training. */
  public static final List<String> PUSH_UNSEEN =
      List.of(
          "shove the {block} block until it sits in the {goal} zone",
          "nudge the {block} cube over into the {goal} region",
          "get the {block} block inside the {goal} square by pushing it");
  /** Phrasings of pick-place held out of training. */
  public static final List<String> PICK_PLACE_UNSEEN =
      List.of(
          "grasp the {block} block and set it down on the {goal} plate",
          "transfer the {block} cube onto the {goal} dish",
          "lift the {block} block and drop it on the {goal} plate");

  private Instructions() {}

  /** The held-out phrasings of {@code task} (by its {@link Task#slot()}). */
  public static List<String> heldOut(Task task) {
    return switch (task.slot()) {
      case 0 -> REACH_UNSEEN;
      case 1 -> PUSH_UNSEEN;
      default -> PICK_PLACE_UNSEEN;
    };
  }

  /** One of {@code templates}, chosen by {@code rng}, filled with the colors' words. */
  public static String fill(Rng rng, List<String> templates, Palette block, Palette goal) {
    return templates
        .get(rng.nextInt(templates.size()))
        .replace("{block}", block.word())
        .replace("{goal}", goal.word());
  }
}
