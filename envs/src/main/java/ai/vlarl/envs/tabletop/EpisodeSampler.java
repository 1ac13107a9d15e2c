package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.Rng;
import java.util.List;

/**
 * Draws an {@link Episode} from a seed alone (plain Java): the task (from the configured list),
 * colors, initial end-effector pose, the task's target and goal, a distractor fixture, distractor
 * blocks and the instruction. Same seed, same episode, whatever N and the other sub-envs.
 *
 * <p>The {@link Split}: the vision split draws exactly the training episodes (only rendering
 * differs); the semantic split permutes the drawn colors and picks from other phrasings, with the
 * same random draws as training, so its layouts are the training layouts of the same seeds; the
 * execution split samples positions in other ranges. In the training split an episode whose
 * target color is held out for its task gets that color swapped with a distractor's (or, without
 * distractors, the next free palette color); everything else about it stays as drawn.
 */
final class EpisodeSampler {
  /** End-effector start box of the training split: |x|, |y| at most this... */
  static final double EE_XY = 0.05;
  /** ...and z in [EE_Z_LOW, EE_Z_HIGH]. */
  static final double EE_Z_LOW = 0.12;
  static final double EE_Z_HIGH = 0.18;
  /** End-effector start range of the execution split (outside the training box). */
  static final double EE_XY_OOD = 0.15;
  static final double EE_Z_LOW_OOD = 0.06;
  static final double EE_Z_HIGH_OOD = 0.22;

  private final List<Task> tasks;
  private final int blocks;
  private final Split split;

  EpisodeSampler(List<Task> tasks, int blocks) {
    this(tasks, blocks, Split.TRAIN);
  }

  EpisodeSampler(List<Task> tasks, int blocks, Split split) {
    this.tasks = List.copyOf(tasks);
    this.blocks = blocks;
    this.split = split;
  }

  Episode sample(long seed) {
    Rng rng = Rng.derive(seed, "tabletop-episode");
    int taskId = rng.nextInt(tasks.size());
    Task task = tasks.get(taskId);
    Palette[] blockColors = targetColor(task, colors(rng, blocks));
    Palette[] fixtureColors = colors(rng, Episode.FIXTURES);
    float[] ee = endEffector(rng);
    Placement p = new Placement(rng, split);
    task.place(rng, p);
    boolean[] plates = new boolean[Episode.FIXTURES];
    float[] fixtures = new float[2 * Episode.FIXTURES];
    plates[0] = p.goalPlate();
    System.arraycopy(p.goal(), 0, fixtures, 0, 2);
    for (int f = 1; f < Episode.FIXTURES; f++) {
      plates[f] = rng.nextDouble() < 0.5;
      float r = plates[f] ? Placement.PLATE_R : Placement.ZONE_R;
      System.arraycopy(p.sample(p.fixtureLimit(), r, false), 0, fixtures, 2 * f, 2);
    }
    float[] pos = new float[3 * blocks];
    float[] target = p.target();
    pos[0] = target[0];
    pos[1] = target[1];
    for (int k = 1; k < blocks; k++) {
      float[] xy = p.sample(p.blockLimit(), Placement.BLOCK_R, true);
      pos[3 * k] = xy[0];
      pos[3 * k + 1] = xy[1];
    }
    for (int k = 0; k < blocks; k++) {
      pos[3 * k + 2] = Geometry.BLOCK_HALF; // every block starts on the table, off the fixtures
    }
    String instruction = split == Split.OOD_SEMANTIC
        ? Instructions.fill(rng, Instructions.heldOut(task), blockColors[0], fixtureColors[0])
        : task.instruction(rng, blockColors[0], fixtureColors[0]);
    return new Episode(seed, taskId, task, ee, pos, blockColors, fixtures, plates, fixtureColors,
        instruction);
  }

  /**
   * The block colors with the target's color fixed for the split: the task's held-out color in
   * the semantic split, anything but it otherwise. Colors stay distinct.
   */
  private Palette[] targetColor(Task task, Palette[] colors) {
    Palette held = Split.heldOut(task);
    boolean semantic = split == Split.OOD_SEMANTIC;
    if ((colors[0] == held) == semantic) {
      return colors;
    }
    int j = 1;
    while (j < colors.length && (colors[j] == held) != semantic) {
      j++;
    }
    if (j < colors.length) {
      Palette t = colors[0];
      colors[0] = colors[j];
      colors[j] = t;
    } else if (semantic) {
      colors[0] = held; // the held-out color is not among the drawn ones: take it
    } else {
      colors[0] = unused(colors, held);
    }
    return colors;
  }

  /** The first palette color after {@code colors[0]} not in {@code colors} and not {@code avoid}. */
  private static Palette unused(Palette[] colors, Palette avoid) {
    for (int k = 1; k <= Palette.size(); k++) {
      Palette c = Palette.of((colors[0].ordinal() + k) % Palette.size());
      if (c != avoid && !List.of(colors).contains(c)) {
        return c;
      }
    }
    throw new IllegalStateException("no free color among " + Palette.size());
  }

  /**
   * The initial end-effector position: in the training box, or (execution split) in the wider
   * range but outside that box, by rejection from the seed's stream.
   */
  private float[] endEffector(Rng rng) {
    if (split != Split.OOD_EXECUTION) {
      return new float[] {
        (float) rng.uniform(-EE_XY, EE_XY), (float) rng.uniform(-EE_XY, EE_XY),
        (float) rng.uniform(EE_Z_LOW, EE_Z_HIGH)
      };
    }
    float[] ee;
    do {
      ee = new float[] {
        (float) rng.uniform(-EE_XY_OOD, EE_XY_OOD), (float) rng.uniform(-EE_XY_OOD, EE_XY_OOD),
        (float) rng.uniform(EE_Z_LOW_OOD, EE_Z_HIGH_OOD)
      };
    } while (Math.abs(ee[0]) <= EE_XY && Math.abs(ee[1]) <= EE_XY && ee[2] >= EE_Z_LOW
        && ee[2] <= EE_Z_HIGH);
    return ee;
  }

  private static Palette[] colors(Rng rng, int count) {
    int[] perm = new int[Palette.size()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    rng.shuffle(perm);
    Palette[] out = new Palette[count];
    for (int i = 0; i < count; i++) {
      out[i] = Palette.of(perm[i]);
    }
    return out;
  }
}
