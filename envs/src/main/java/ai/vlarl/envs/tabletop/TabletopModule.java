package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.env.EnvFactory;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/** Contributes the {@code tabletop} env kind to the assembly. */
public final class TabletopModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), String.class, EnvFactory.class)
        .addBinding("tabletop")
        .to(TabletopEnvFactory.class);
  }
}
