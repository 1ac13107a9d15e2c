package ai.vlarl.experiments.eval;

import ai.vlarl.framework.eval.EvalSuite;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/** Contributes the evaluation suites ({@code vlarl eval --suite NAME}) to the assembly. */
public final class EvalModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, EvalSuite> suites = MapBinder.newMapBinder(binder(), String.class, EvalSuite.class);
    suites.addBinding("tabletop").toInstance(new TabletopSuite(
        "embedded tabletop, the training distribution (the checkpoint's tasks and env settings)"));
  }
}
