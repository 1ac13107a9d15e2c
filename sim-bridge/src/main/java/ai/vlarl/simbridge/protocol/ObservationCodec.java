package ai.vlarl.simbridge.protocol;

import ai.vlarl.framework.core.DType;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.simbridge.wire.ErrorCode;
import ai.vlarl.simbridge.wire.Fields;
import ai.vlarl.simbridge.wire.WireArray;
import ai.vlarl.simbridge.wire.WireException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link Observations} to and from their protocol map, checked against the spec when read. */
public final class ObservationCodec {
  private ObservationCodec() {}

  public static Map<String, Object> toMap(Observations o) {
    Map<String, Object> m = new LinkedHashMap<>();
    putIf(m, "state", o.state());
    putIf(m, "image", o.image());
    putIf(m, "wrist_image", o.wristImage());
    putIf(m, "proprio", o.proprio());
    if (o.instructions() != null) {
      m.put("instructions", List.of(o.instructions()));
    }
    m.put("task_ids", o.taskIds() != null ? o.taskIds() : new int[o.size()]);
    return m;
  }

  private static void putIf(Map<String, Object> m, String key, HostArray a) {
    if (a != null) {
      m.put(key, WireArray.of(a));
    }
  }

  /**
   * Reads {@code rows} observations and checks every part the spec promises (and no other) with
   * the right dtype and shape, and the float parts ({@code state}, {@code proprio}) for NaN and
   * infinities.
   *
   * @throws NonFiniteValue for a NaN or infinity, naming the part and the first sub-env (row i is sub-env i)
   * @throws WireException for any other mismatch
   */
  public static Observations fromMap(Map<String, Object> m, ObservationSpec spec, int rows, String where) {
    return fromMap(m, spec, rows, where, null);
  }

  /**
   * As {@link #fromMap(Map, ObservationSpec, int, String)} for rows of the given sub-envs (e.g. the
   * final observations of {@code done_envs}), which errors name.
   */
  public static Observations fromMap(Map<String, Object> m, ObservationSpec spec, int rows, String where,
      int[] subEnvs) {
    HostArray state = part(m, "state", spec.hasState(), DType.FLOAT32, where, rows, spec.stateDim());
    HostArray image = part(m, "image", spec.hasImage(), DType.UINT8, where,
        rows, spec.imageHeight(), spec.imageWidth(), 3);
    HostArray wrist = part(m, "wrist_image", spec.wristImage(), DType.UINT8, where,
        rows, spec.imageHeight(), spec.imageWidth(), 3);
    HostArray proprio = part(m, "proprio", spec.proprioDim() > 0, DType.FLOAT32, where,
        rows, spec.proprioDim());
    requireFinite(state, rows, where + ".state", subEnvs);
    requireFinite(proprio, rows, where + ".proprio", subEnvs);
    String[] instructions = null;
    if (spec.instructions()) {
      List<String> l = Fields.getStrings(m, "instructions", where);
      if (l.size() != rows) {
        throw new WireException(ErrorCode.BAD_REQUEST,
            where + ".instructions has " + l.size() + " entries, expected " + rows);
      }
      instructions = l.toArray(String[]::new);
    }
    WireArray t = Fields.getArray(m, "task_ids", where).requireShape(where + ".task_ids", rows);
    int[] taskIds = t.toInts(where + ".task_ids");
    return new Observations(rows, state, image, wrist, proprio, instructions, taskIds);
  }

  private static void requireFinite(HostArray a, int rows, String where, int[] subEnvs) {
    if (a != null) {
      NonFiniteValue.requireFinite(a.floats(), rows, where, subEnvs);
    }
  }

  private static HostArray part(Map<String, Object> m, String key, boolean expected, DType dtype,
      String where, int... shape) {
    WireArray a = Fields.optArray(m, key, where);
    if (!expected) {
      if (a != null) {
        throw new WireException(ErrorCode.BAD_REQUEST,
            where + "." + key + " is present but the spec has no " + key);
      }
      return null;
    }
    if (a == null) {
      throw new WireException(ErrorCode.BAD_REQUEST, where + "." + key + " is missing");
    }
    a.requireShape(where + "." + key, shape);
    return a.toHost(dtype, where + "." + key);
  }
}
