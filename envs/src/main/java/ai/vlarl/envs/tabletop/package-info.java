/**
 * The embedded tabletop suite: a vectorized, deterministic, kinematic manipulation world.
 *
 * <p>A gripper moves over a 50 × 50 cm table with colored 4 cm cubes (a target and distractors), a
 * round plate or square zone as the goal and one distractor fixture. Tasks: {@code reach} ("reach
 * the red block"), {@code push} ("push the blue block into the green zone") and {@code pick-place}
 * ("put the yellow block on the red plate"); colors, phrasing and layout are drawn from each
 * sub-env's reset seed alone. Actions are {@code [dx, dy, dz, gripper]} in [-1, 1]: the deltas
 * move the end-effector by up to {@link ai.vlarl.envs.tabletop.Geometry#MAX_STEP} per axis and step;
 * {@code gripper < 0} closes, {@code >= 0} opens.
 *
 * <p>Episodes end on success (unless {@code terminate_on_success} is off) or at the task's
 * horizon; there is no failure. Rewards: {@code dense} (potential-based progress shaping plus 1 on
 * success, the default), {@code staged} or {@code sparse}.
 *
 * <p>Entry points: {@link ai.vlarl.envs.tabletop.TabletopModule} (Guice, env kind {@code
 * tabletop}), {@link ai.vlarl.envs.tabletop.TabletopConfig}, {@link
 * ai.vlarl.envs.tabletop.TabletopSimulator}, {@link ai.vlarl.envs.tabletop.ScriptedExpert}, {@link
 * ai.vlarl.envs.tabletop.EnvBenchmark}. Observation layouts: {@link
 * ai.vlarl.envs.tabletop.StateEncoder}; rewards: {@code Scoring}; physics: {@code Physics}.
 */
package ai.vlarl.envs.tabletop;
