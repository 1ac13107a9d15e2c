package ai.vlarl.simbridge.client;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.simbridge.wire.ErrorCode;

/** An error reply from an env server (a bad request, or the env failing), with its code. */
public final class RemoteEnvException extends UserException {
  private final ErrorCode code;

  public RemoteEnvException(String address, ErrorCode code, String message) {
    super("env server " + address + ": " + code + ": " + message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
