package ai.vlarl.drivers.remote;

import ai.vlarl.drivers.DriverContext;
import ai.vlarl.drivers.DriverFactory;
import ai.vlarl.drivers.RobotArm;

/** The {@code remote} driver kind. */
public final class RemoteArmFactory implements DriverFactory {
  @Override
  public Class<? extends Record> configType() {
    return RemoteArmConfig.class;
  }

  @Override
  public String description() {
    return "an arm served over ZeroMQ by another process (robot-drivers/python: Franka, xArm, simulated)";
  }

  @Override
  public RobotArm create(Record config, DriverContext context) {
    return new RemoteArm((RemoteArmConfig) config, context);
  }
}
