package ai.vlarl.experiments.deploy;

import ai.vlarl.drivers.ArmState;
import ai.vlarl.drivers.camera.Frame;
import ai.vlarl.drivers.control.MappingConfig;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.env.Observations;

/**
 * Builds a policy's observation on a real arm, the way the tabletop env builds it in rgb mode:
 * the camera frame resized to the policy's image size, and the 5-value proprio {@code [x, y, z,
 * gripper open (1/0), holding (1/0)]} with the end-effector position in the policy's frame and
 * units ({@link MappingConfig#toPolicyFrame}), plus the instruction and task id.
 */
public final class RobotObservations {
  private final ObservationSpec spec;
  private final MappingConfig mapping;
  private final String instruction;
  private final int taskId;

  /**
   * @param env the spec the policy was trained on
   * @param taskId the task's index in {@code env.tasks()}
   */
  public RobotObservations(EnvSpec env, MappingConfig mapping, String instruction, int taskId) {
    this.spec = env.observation();
    if (spec.hasState()) {
      throw new UserException("this policy observes a state vector (object poses), which only a"
          + " simulator knows: deploy it with --driver sim, or train with env.obs_mode=rgb for a real arm");
    }
    if (spec.proprioDim() != 0 && spec.proprioDim() != 5) {
      throw new UserException("the policy expects " + spec.proprioDim() + " proprio values; robot"
          + " observations provide the tabletop's 5 (x, y, z, gripper open, holding)");
    }
    this.mapping = mapping;
    this.instruction = instruction;
    this.taskId = taskId;
  }

  /** The observation of one moment. */
  public Observations build(Frame camera, Frame wrist, ArmState state) {
    int h = spec.imageHeight();
    int w = spec.imageWidth();
    HostArray image = HostArray.ofBytes(camera.resized(h, w).rgb(), 1, h, w, 3);
    HostArray wristImage = null;
    if (spec.wristImage()) {
      if (wrist == null) {
        throw new UserException("the policy needs a wrist camera image; none is configured");
      }
      wristImage = HostArray.ofBytes(wrist.resized(h, w).rgb(), 1, h, w, 3);
    }
    HostArray proprio = null;
    if (spec.proprioDim() == 5) {
      double[] p = mapping.toPolicyFrame(state.pose().position());
      float[] v = {(float) p[0], (float) p[1], (float) p[2],
          state.gripper().opening() >= 0.5 ? 1f : 0f, state.gripper().holding() ? 1f : 0f};
      proprio = HostArray.ofFloats(v, 1, 5);
    }
    return new Observations(1, null, image, wristImage, proprio, new String[] {instruction},
        new int[] {taskId});
  }
}
