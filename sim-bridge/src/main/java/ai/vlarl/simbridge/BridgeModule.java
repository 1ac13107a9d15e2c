package ai.vlarl.simbridge;

import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.simbridge.client.RemoteEnvFactory;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/** Contributes the {@code remote} env kind (envs served over the sim bridge) to the assembly. */
public final class BridgeModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), String.class, EnvFactory.class)
        .addBinding("remote")
        .to(RemoteEnvFactory.class);
  }
}
