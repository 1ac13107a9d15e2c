package ai.vlarl.drivers;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/** Declares the driver map and contributes the drivers of this module. */
public final class DriversModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), String.class, DriverFactory.class);
  }
}
