package ai.vlarl.envs.tabletop;

/**
 * What one episode is, as drawn from its seed: the task, the initial poses, the colors and the
 * instruction. Block 0 is the target, fixture 0 the goal fixture (a zone for push, a plate for
 * pick-place, a decoration for reach). Treat the arrays as read-only.
 *
 * @param seed the reset seed
 * @param taskId index of the task in the config's task list (what observations report)
 * @param task the task
 * @param ee initial end-effector position (x, y, z); the gripper starts open
 * @param blocks initial block centers, x, y, z per block (K × 3)
 * @param blockColors palette color of each block (distinct)
 * @param fixtures fixture centers, x, y per fixture
 * @param plates per fixture: a plate (true) or a zone (false)
 * @param fixtureColors palette color of each fixture (distinct)
 * @param instruction the language instruction
 */
public record Episode(
    long seed,
    int taskId,
    Task task,
    float[] ee,
    float[] blocks,
    Palette[] blockColors,
    float[] fixtures,
    boolean[] plates,
    Palette[] fixtureColors,
    String instruction) {

  /** Number of fixtures (plates and zones) per episode: the goal and one distractor. */
  public static final int FIXTURES = 2;

  /** Color of the target block. */
  public Palette targetColor() {
    return blockColors[0];
  }
}
