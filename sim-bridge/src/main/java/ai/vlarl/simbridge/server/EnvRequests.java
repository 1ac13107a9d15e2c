package ai.vlarl.simbridge.server;

import ai.vlarl.framework.core.DType;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.protocol.ObservationCodec;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.protocol.StepCodec;
import ai.vlarl.simbridge.wire.ErrorCode;
import ai.vlarl.simbridge.wire.Fields;
import ai.vlarl.simbridge.wire.WireArray;
import ai.vlarl.simbridge.wire.WireException;
import java.util.Arrays;
import java.util.Map;

/**
 * Executes the env operations of the protocol ({@code reset}, {@code step}, {@code observe},
 * {@code close}) on a {@link VectorEnv}: checks the request body, calls the env, returns the reply
 * body. Bad bodies raise {@link WireException}s naming the field; the env's own errors (e.g. out of
 * range actions, a {@code UserException}) pass through for the server to report.
 */
final class EnvRequests {
  private final VectorEnv env;
  private final int n;

  EnvRequests(VectorEnv env) {
    this.env = env;
    this.n = env.spec().numEnvs();
  }

  Map<String, Object> execute(String op, Map<String, Object> body) {
    return switch (op) {
      case Protocol.RESET -> reset(body);
      case Protocol.STEP -> step(body);
      case Protocol.OBSERVE -> Map.of("obs", ObservationCodec.toMap(env.observe()));
      case Protocol.CLOSE -> Map.of();
      default -> throw new WireException(ErrorCode.UNKNOWN_OP, "op '" + op + "' is not an env operation");
    };
  }

  private Map<String, Object> reset(Map<String, Object> body) {
    WireArray s = Fields.getArray(body, "seeds", "body");
    if (s.rank() != 1) {
      throw new WireException(ErrorCode.BAD_REQUEST, "body.seeds must be one-dimensional, got shape "
          + Arrays.toString(s.shape()));
    }
    long[] seeds = s.toLongs("body.seeds");
    int[] idx;
    WireArray e = Fields.optArray(body, "env_idx", "body");
    if (e == null) {
      idx = new int[n];
      Arrays.setAll(idx, i -> i);
    } else {
      idx = e.toInts("body.env_idx");
    }
    if (idx.length != seeds.length) {
      throw new WireException(ErrorCode.BAD_REQUEST,
          "body.seeds has " + seeds.length + " entries for " + idx.length + " sub-envs");
    }
    boolean[] seen = new boolean[n];
    for (int i : idx) {
      if (i < 0 || i >= n) {
        throw new WireException(ErrorCode.BAD_REQUEST, "body.env_idx " + i + " is outside [0, " + n + ")");
      }
      if (seen[i]) {
        throw new WireException(ErrorCode.BAD_REQUEST, "body.env_idx lists sub-env " + i + " twice");
      }
      seen[i] = true;
    }
    Map<String, Object> options = Fields.getMap(body, "options", "body", true);
    if (!options.isEmpty()) {
      throw new WireException(ErrorCode.BAD_REQUEST,
          "body.options " + options.keySet() + " are not supported by this server (it takes none)");
    }
    Observations obs = env.reset(seeds, idx);
    return Map.of("obs", ObservationCodec.toMap(obs));
  }

  private Map<String, Object> step(Map<String, Object> body) {
    WireArray a = Fields.getArray(body, "actions", "body");
    if (a.rank() != 3) {
      throw new WireException(ErrorCode.BAD_ARRAY, "body.actions has shape " + Arrays.toString(a.shape())
          + ", expected [" + n + ", chunk, " + env.spec().action().dim() + "]");
    }
    HostArray actions = a.toHost(DType.FLOAT32, "body.actions");
    long t0 = System.nanoTime();
    StepResult r = env.step(actions);
    double ms = (System.nanoTime() - t0) / 1e6;
    return StepCodec.toMap(r, ms);
  }
}
