package ai.vlarl.experiments.deploy;

import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.camera.CameraSource;
import ai.vlarl.drivers.camera.Frame;
import ai.vlarl.framework.core.HostArray;

/**
 * A camera on the simulated scene: the third-person image the tabletop renders of the {@link
 * SimArm}'s sub-env (the simulator must be in rgb mode).
 */
public final class SimCamera implements CameraSource {
  private final SimArm arm;
  private final Clock clock;

  public SimCamera(SimArm arm, Clock clock) {
    if (!arm.simulator().spec().observation().hasImage()) {
      throw new ArmException("the simulated scene renders no image: the env's obs_mode is not rgb");
    }
    this.arm = arm;
    this.clock = clock;
  }

  @Override
  public Frame latest() {
    HostArray img = arm.observe().image();
    return new Frame(clock.nanos(), img.dim(1), img.dim(2), img.toByteArray());
  }

  @Override
  public void close() {}
}
