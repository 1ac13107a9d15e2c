package ai.vlarl.drivers;

/**
 * A robot arm with a gripper, streamed servo commands at a fixed control period.
 *
 * <p>Lifecycle: {@link #connect()} (reach the arm, start its servo program), then any number of
 * {@link #command} calls, one per control period, with {@link #state()} read whenever needed;
 * {@link #stop()} brings it to rest and {@link #resume()} accepts commands again; {@link #close()}
 * stops it and releases the connection.
 *
 * <p>Never drive a raw arm from a control loop: wrap it in {@link
 * ai.vlarl.drivers.safety.SafetyShield}, which is the only kind of arm {@link
 * ai.vlarl.drivers.control.ControlLoop} accepts. Drivers themselves stay simple and trust their
 * commands.
 *
 * <p>Threads: {@link #command}, {@link #connect()}, {@link #resume()} and {@link #close()} come
 * from one control thread. {@link #stop()} and {@link #state()} may come from any thread at any
 * time, also while a {@link #command} is in progress (the watchdog and the e-stop run on their own
 * threads); {@code stop()} must not wait for a blocked command. Once {@code stop()} returns, the
 * arm is coming to rest and ignores motion commands until {@link #resume()}, enforced at the robot
 * side where the driver can (so a command already in flight cannot move it again).
 */
public interface RobotArm extends AutoCloseable {

  /** Connects, starts servoing and returns what the arm is. Throws {@link ArmException}. */
  ArmInfo connect();

  /** What the arm is (only after {@link #connect()}). */
  ArmInfo info();

  /** The latest measured state; cheap and non-blocking (drivers cache what the arm streams). */
  ArmState state();

  /**
   * Sends one servo command for the next control period. Throws {@link ArmException} when the arm
   * is unreachable or has faulted; the caller then stops the run.
   */
  void command(ArmCommand command);

  /** Brings the arm to rest and latches: later commands are ignored until {@link #resume()}. */
  void stop();

  /** Accepts commands again after {@link #stop()}, holding the current pose. */
  void resume();

  /** Stops the arm (if connected) and releases every connection. Idempotent. */
  @Override
  void close();
}
