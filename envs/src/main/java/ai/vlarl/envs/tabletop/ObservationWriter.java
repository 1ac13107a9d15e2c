package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.DType;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.env.Observations;
import java.nio.ByteBuffer;

/**
 * Assembles {@link Observations} of some sub-envs from the host mirrors (plain Java): the state
 * vector (state mode) or the camera images and proprio (rgb mode), plus instructions and task ids
 * in both modes. Every call returns fresh arrays.
 */
final class ObservationWriter {
  private ObservationWriter() {}

  static Observations write(
      World w, int[] rows, ObservationSpec spec, Renderer camera, WristRenderer wristCamera) {
    int m = rows.length;
    String[] instructions = new String[m];
    int[] taskIds = new int[m];
    for (int j = 0; j < m; j++) {
      Episode e = w.episodes[rows[j]];
      instructions[j] = e.instruction();
      taskIds[j] = e.taskId();
    }
    HostArray state = null;
    HostArray image = null;
    HostArray wrist = null;
    HostArray proprio = null;
    if (spec.hasState()) {
      float[] buf = new float[m * spec.stateDim()];
      for (int j = 0; j < m; j++) {
        StateEncoder.state(w, rows[j], buf, j * spec.stateDim());
      }
      state = HostArray.ofFloats(buf, m, spec.stateDim());
    }
    if (spec.hasImage()) {
      image = HostArray.allocate(DType.UINT8, m, spec.imageHeight(), spec.imageWidth(), 3);
      ByteBuffer out = image.bytes();
      for (int row : rows) {
        out.put(camera.render(w, row));
      }
      if (spec.wristImage()) {
        wrist = HostArray.allocate(DType.UINT8, m, spec.imageHeight(), spec.imageWidth(), 3);
        ByteBuffer wout = wrist.bytes();
        for (int row : rows) {
          wout.put(wristCamera.render(w, row));
        }
      }
    }
    if (spec.proprioDim() > 0) {
      float[] buf = new float[m * spec.proprioDim()];
      for (int j = 0; j < m; j++) {
        StateEncoder.proprio(w, rows[j], buf, j * spec.proprioDim());
      }
      proprio = HostArray.ofFloats(buf, m, spec.proprioDim());
    }
    return new Observations(m, state, image, wrist, proprio, instructions, taskIds);
  }
}
