package ai.vlarl.experiments.deploy;

import ai.vlarl.drivers.DriverContext;
import ai.vlarl.drivers.DriverFactory;
import ai.vlarl.drivers.RobotArm;
import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.envs.tabletop.TabletopSimulator;
import ai.vlarl.framework.core.UserException;

/** The {@code sim} driver kind: {@link SimArm} on the checkpoint's own tabletop env config. */
public final class SimDriverFactory implements DriverFactory {
  @Override
  public Class<? extends Record> configType() {
    return SimDriverConfig.class;
  }

  @Override
  public String description() {
    return "the gripper of the embedded tabletop suite, in the checkpoint's env config";
  }

  @Override
  public RobotArm create(Record config, DriverContext ctx) {
    if (ctx.env() == null || !(ctx.env().settings() instanceof TabletopConfig env)) {
      throw new UserException("the sim driver simulates the tabletop suite, but this checkpoint's"
          + " env is " + (ctx.env() == null ? "unknown" : "'" + ctx.env().kind() + "'"));
    }
    double ratio = ctx.stepSeconds() / ctx.periodSeconds();
    if (Math.abs(ratio - Math.rint(ratio)) > 1e-9) {
      throw new UserException("the sim driver steps the simulator once per action step, so"
          + " loop.driver_hz must be a whole multiple of loop.policy_hz (got a ratio of " + ratio + ")");
    }
    return new SimArm(new TabletopSimulator(env, 1), ctx.clock(), ctx.periodSeconds(), ctx.stepSeconds());
  }
}
