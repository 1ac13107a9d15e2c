package ai.vlarl.drivers;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/** Declares the driver map and contributes the drivers of this module. */
public final class DriversModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, DriverFactory> drivers =
        MapBinder.newMapBinder(binder(), String.class, DriverFactory.class);
    drivers.addBinding("remote").to(ai.vlarl.drivers.remote.RemoteArmFactory.class);
    drivers.addBinding("ur-rtde").to(ai.vlarl.drivers.ur.UrRtdeFactory.class);
  }
}
