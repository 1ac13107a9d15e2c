package ai.vlarl.framework.env;

/**
 * What one sub-env's observation holds. Absent parts have size 0.
 *
 * @param stateDim length of the flat {@code state} vector (proprio + object poses), 0 if absent
 * @param imageHeight height of the third-person camera image, 0 if absent
 * @param imageWidth width of the camera image, 0 if absent
 * @param wristImage whether a wrist-camera image of the same size is included
 * @param proprioDim length of the proprioceptive vector, 0 if absent
 * @param instructions whether each sub-env carries a language instruction
 */
public record ObservationSpec(
    int stateDim,
    int imageHeight,
    int imageWidth,
    boolean wristImage,
    int proprioDim,
    boolean instructions) {

  public ObservationSpec {
    if (stateDim < 0 || imageHeight < 0 || imageWidth < 0 || proprioDim < 0) {
      throw new IllegalArgumentException("negative observation size");
    }
    if ((imageHeight == 0) != (imageWidth == 0)) {
      throw new IllegalArgumentException("image needs both height and width");
    }
  }

  public boolean hasImage() {
    return imageHeight > 0;
  }

  public boolean hasState() {
    return stateDim > 0;
  }
}
