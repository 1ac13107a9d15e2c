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

  private Instructions() {}

  /** One of {@code templates}, chosen by {@code rng}, filled with the colors' words. */
  public static String fill(Rng rng, List<String> templates, Palette block, Palette goal) {
    return templates
        .get(rng.nextInt(templates.size()))
        .replace("{block}", block.word())
        .replace("{goal}", goal.word());
  }
}
