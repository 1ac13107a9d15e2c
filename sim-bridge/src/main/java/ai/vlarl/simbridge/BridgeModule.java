package ai.vlarl.simbridge;

import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.runtime.EnvServerLauncher;
import ai.vlarl.simbridge.bench.ControlledEnvFactory;
import ai.vlarl.simbridge.client.RemoteEnvFactory;
import ai.vlarl.simbridge.launch.SimServerProcesses;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/**
 * Contributes the {@code remote} env kind (envs served over the sim bridge), the {@code controlled}
 * env kind (a set step cost, for pipeline benchmarks) and the launcher of {@code serve-sim}
 * processes for {@code rollout.env_servers} to the assembly.
 */
public final class BridgeModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, EnvFactory> envs = MapBinder.newMapBinder(binder(), String.class, EnvFactory.class);
    envs.addBinding("remote").to(RemoteEnvFactory.class);
    envs.addBinding("controlled").to(ControlledEnvFactory.class);
    bind(EnvServerLauncher.class).to(SimServerProcesses.class);
  }
}
