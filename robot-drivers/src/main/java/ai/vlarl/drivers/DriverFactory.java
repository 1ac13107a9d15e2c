package ai.vlarl.drivers;

import ai.vlarl.framework.registry.Plugin;

/**
 * Creates a {@link RobotArm} of one kind ({@code sim}, {@code ur-rtde}, {@code remote}) from its
 * config section. Bound by name with Guice: {@code MapBinder.newMapBinder(binder(), String.class,
 * DriverFactory.class).addBinding("ur-rtde")}. The arm is returned unconnected; the deploy wraps
 * it in a {@link ai.vlarl.drivers.safety.SafetyShield} before anything connects or commands it.
 */
public interface DriverFactory extends Plugin {
  /**
   * @param config the section record, of type {@link #configType()}
   */
  RobotArm create(Record config, DriverContext context);
}
