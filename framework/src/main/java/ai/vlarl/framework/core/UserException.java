package ai.vlarl.framework.core;

/**
 * An error caused by the user's input (a config, a path, an action batch), not by a bug.
 *
 * <p>The command line prints its message alone, without a stack trace, and exits non-zero. The
 * message must say what was wrong and where.
 */
public class UserException extends RuntimeException {
  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
