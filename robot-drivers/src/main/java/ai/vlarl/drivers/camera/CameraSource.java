package ai.vlarl.drivers.camera;

/**
 * A camera the policy sees through: the simulated scene, image files, or a ZeroMQ stream.
 * {@link #latest()} returns the newest frame without waiting for a new one.
 */
public interface CameraSource extends AutoCloseable {
  /** The newest frame. Throws {@link ai.vlarl.drivers.ArmException} if none arrived yet in time. */
  Frame latest();

  @Override
  void close();
}
