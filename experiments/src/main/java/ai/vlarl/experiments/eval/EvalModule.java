package ai.vlarl.experiments.eval;

import ai.vlarl.envs.tabletop.Split;
import ai.vlarl.framework.eval.EvalSuite;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/** Contributes the evaluation suites ({@code vlarl eval --suite NAME}) to the assembly. */
public final class EvalModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, EvalSuite> suites = MapBinder.newMapBinder(binder(), String.class, EvalSuite.class);
    suites.addBinding("tabletop").toInstance(new TabletopSuite(Split.TRAIN,
        "embedded tabletop, the training distribution (the checkpoint's tasks and env settings)"));
    suites.addBinding("tabletop-ood-vision").toInstance(new TabletopSuite(Split.OOD_VISION,
        "tabletop, unseen table/background colors, table textures and lighting (images only)"));
    suites.addBinding("tabletop-ood-semantic").toInstance(new TabletopSuite(Split.OOD_SEMANTIC,
        "tabletop, held-out (task, target color) combinations and unseen instruction phrasings"));
    suites.addBinding("tabletop-ood-execution").toInstance(new TabletopSuite(Split.OOD_EXECUTION,
        "tabletop, target blocks and fixtures outside the training placement range, end-effector"
            + " starts outside its training box"));
    suites.addBinding("libero-spatial").toInstance(new LiberoSuite("libero_spatial", 10, 220));
    suites.addBinding("libero-object").toInstance(new LiberoSuite("libero_object", 10, 280));
    suites.addBinding("libero-goal").toInstance(new LiberoSuite("libero_goal", 10, 300));
    suites.addBinding("libero-10").toInstance(new LiberoSuite("libero_10", 10, 520));
    suites.addBinding("libero-90").toInstance(new LiberoSuite("libero_90", 90, 400));
    suites.addBinding("maniskill").toInstance(new ManiSkillSuite());
  }
}
