package ai.vlarl.framework.eval;

/**
 * A named evaluation suite ({@code vlarl eval --suite NAME}): which tasks, how many episodes each,
 * from which initial conditions, in which env. Suites are plugins: a module binds them by name
 * with {@code MapBinder.newMapBinder(binder(), String.class, EvalSuite.class).addBinding("tabletop")}.
 *
 * <p>A suite bound as {@code family} also answers names {@code family:ARGUMENT} when it is {@link
 * #parameterized()} (e.g. {@code maniskill:PickCube-v1}); the argument reaches {@link #plan} in
 * {@link SuiteRequest#argument()}.
 */
public interface EvalSuite {

  /** One line for listings. */
  String description();

  /** Whether the suite takes an argument after a colon ({@code NAME:ARGUMENT}), and requires it. */
  default boolean parameterized() {
    return false;
  }

  /** What the argument is, for listings (e.g. {@code <env-id>}); only for parameterized suites. */
  default String argumentName() {
    return "<argument>";
  }

  /**
   * Plans the evaluation of a checkpoint: the tasks, their episodes and how to open their envs.
   * Nothing is started yet; a plan that cannot fit the checkpoint fails here with a {@link
   * ai.vlarl.framework.core.UserException}.
   */
  SuitePlan plan(SuiteRequest request);
}
