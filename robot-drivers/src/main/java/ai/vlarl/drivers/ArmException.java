package ai.vlarl.drivers;

import ai.vlarl.framework.core.UserException;

/**
 * An arm could not be reached, refused a request, or failed while running (a dropped connection, a
 * protective stop, a refused recipe). Not a bug: the command line prints the message alone, so it
 * says what happened, to which arm, and what state the arm was left in.
 */
public class ArmException extends UserException {
  public ArmException(String message) {
    super(message);
  }

  public ArmException(String message, Throwable cause) {
    super(message, cause);
  }
}
