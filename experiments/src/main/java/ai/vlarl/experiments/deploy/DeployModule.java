package ai.vlarl.experiments.deploy;

import ai.vlarl.drivers.DriverFactory;
import ai.vlarl.drivers.DriversModule;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/** The robot drivers (from {@code robot-drivers}) plus the {@code sim} driver. */
public final class DeployModule extends AbstractModule {
  @Override
  protected void configure() {
    install(new DriversModule());
    MapBinder.newMapBinder(binder(), String.class, DriverFactory.class)
        .addBinding("sim").to(SimDriverFactory.class);
  }
}
