package ai.vlarl.framework.config;

import ai.vlarl.framework.core.UserException;

/** A config that cannot be loaded: malformed YAML, an unknown key, a bad value. */
public final class ConfigException extends UserException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
