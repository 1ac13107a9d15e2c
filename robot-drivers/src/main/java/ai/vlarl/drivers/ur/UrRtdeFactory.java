package ai.vlarl.drivers.ur;

import ai.vlarl.drivers.DriverContext;
import ai.vlarl.drivers.DriverFactory;
import ai.vlarl.drivers.RobotArm;

/** The {@code ur-rtde} driver kind. */
public final class UrRtdeFactory implements DriverFactory {
  @Override
  public Class<? extends Record> configType() {
    return UrRtdeConfig.class;
  }

  @Override
  public String description() {
    return "a Universal Robots arm over RTDE (port 30004) with a URScript servo program (port 30002)";
  }

  @Override
  public RobotArm create(Record config, DriverContext context) {
    return new UrRtdeArm((UrRtdeConfig) config, context);
  }
}
