package ai.vlarl.drivers;

import java.util.function.Consumer;

/**
 * An arm for {@code --dry-run}: reads the real arm's state, but every command is only handed to
 * a log and never sent, and stops never reach the arm (nothing moves). The driver underneath was
 * created with {@link DriverContext#dryRun()} set, so it started nothing that moves the arm either.
 */
public final class DryRunArm implements RobotArm {
  private final RobotArm arm;
  private final Consumer<ArmCommand> log;

  public DryRunArm(RobotArm arm, Consumer<ArmCommand> log) {
    this.arm = arm;
    this.log = log;
  }

  @Override
  public ArmInfo connect() {
    return arm.connect();
  }

  @Override
  public ArmInfo info() {
    return arm.info();
  }

  @Override
  public ArmState state() {
    return arm.state();
  }

  @Override
  public void command(ArmCommand command) {
    log.accept(command);
  }

  @Override
  public void stop() {}

  @Override
  public void resume() {}

  @Override
  public void close() {
    arm.close();
  }
}
