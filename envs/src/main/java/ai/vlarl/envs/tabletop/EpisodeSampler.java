package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.Rng;
import java.util.List;

/**
 * Draws an {@link Episode} from a seed alone (plain Java): the task (from the configured list),
 * colors, initial end-effector pose, the task's target and goal, a distractor fixture, distractor
 * blocks and the instruction. Same seed, same episode, whatever N and the other sub-envs.
 */
final class EpisodeSampler {
  private final List<Task> tasks;
  private final int blocks;

  EpisodeSampler(List<Task> tasks, int blocks) {
    this.tasks = List.copyOf(tasks);
    this.blocks = blocks;
  }

  Episode sample(long seed) {
    Rng rng = Rng.derive(seed, "tabletop-episode");
    int taskId = rng.nextInt(tasks.size());
    Task task = tasks.get(taskId);
    Palette[] blockColors = colors(rng, blocks);
    Palette[] fixtureColors = colors(rng, Episode.FIXTURES);
    float[] ee = {
      (float) rng.uniform(-0.05, 0.05), (float) rng.uniform(-0.05, 0.05), (float) rng.uniform(0.12, 0.18)
    };
    Placement p = new Placement(rng);
    task.place(rng, p);
    boolean[] plates = new boolean[Episode.FIXTURES];
    float[] fixtures = new float[2 * Episode.FIXTURES];
    plates[0] = p.goalPlate();
    System.arraycopy(p.goal(), 0, fixtures, 0, 2);
    for (int f = 1; f < Episode.FIXTURES; f++) {
      plates[f] = rng.nextDouble() < 0.5;
      float r = plates[f] ? Placement.PLATE_R : Placement.ZONE_R;
      System.arraycopy(p.sample(Placement.FIXTURE_LIMIT, r, false), 0, fixtures, 2 * f, 2);
    }
    float[] pos = new float[3 * blocks];
    float[] target = p.target();
    pos[0] = target[0];
    pos[1] = target[1];
    for (int k = 1; k < blocks; k++) {
      float[] xy = p.sample(Placement.BLOCK_LIMIT, Placement.BLOCK_R, true);
      pos[3 * k] = xy[0];
      pos[3 * k + 1] = xy[1];
    }
    for (int k = 0; k < blocks; k++) {
      pos[3 * k + 2] = Geometry.BLOCK_HALF; // every block starts on the table, off the fixtures
    }
    String instruction = task.instruction(rng, blockColors[0], fixtureColors[0]);
    return new Episode(seed, taskId, task, ee, pos, blockColors, fixtures, plates, fixtureColors,
        instruction);
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
