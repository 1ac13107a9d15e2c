package ai.vlarl.framework;

import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.policy.PolicyFactory;
import ai.vlarl.framework.rl.AlgorithmFactory;
import ai.vlarl.framework.rl.GrpoFactory;
import ai.vlarl.framework.rl.PpoFactory;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/**
 * Declares the plugin maps (env kinds, policy kinds, algorithms) and binds the algorithms the
 * framework itself provides. Other modules add their plugins to the same maps.
 */
public final class FrameworkModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), String.class, EnvFactory.class);
    MapBinder.newMapBinder(binder(), String.class, PolicyFactory.class);
    MapBinder<String, AlgorithmFactory> algos =
        MapBinder.newMapBinder(binder(), String.class, AlgorithmFactory.class);
    algos.addBinding("ppo").to(PpoFactory.class);
    algos.addBinding("grpo").to(GrpoFactory.class);
  }
}
