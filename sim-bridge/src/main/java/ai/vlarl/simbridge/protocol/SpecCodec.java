package ai.vlarl.simbridge.protocol;

import ai.vlarl.framework.env.ActionSpec;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.simbridge.wire.ErrorCode;
import ai.vlarl.simbridge.wire.Fields;
import ai.vlarl.simbridge.wire.WireException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link EnvSpec} to and from the {@code spec} map of a {@code hello} reply. */
public final class SpecCodec {
  private SpecCodec() {}

  public static Map<String, Object> toMap(EnvSpec s) {
    ObservationSpec o = s.observation();
    Map<String, Object> obs = new LinkedHashMap<>();
    obs.put("state_dim", o.stateDim());
    obs.put("image_height", o.imageHeight());
    obs.put("image_width", o.imageWidth());
    obs.put("wrist_image", o.wristImage());
    obs.put("proprio_dim", o.proprioDim());
    obs.put("instructions", o.instructions());
    Map<String, Object> act = new LinkedHashMap<>();
    act.put("dim", s.action().dim());
    act.put("max_chunk", s.action().maxChunk());
    act.put("names", s.action().names());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("num_envs", s.numEnvs());
    m.put("observation", obs);
    m.put("action", act);
    m.put("tasks", s.tasks());
    m.put("horizons", s.horizons());
    return m;
  }

  /** Reads a spec; an inconsistent one is refused naming the field. */
  public static EnvSpec fromMap(Map<String, Object> m, String where) {
    Map<String, Object> o = Fields.getMap(m, "observation", where, false);
    Map<String, Object> a = Fields.getMap(m, "action", where, false);
    String ow = where + ".observation";
    String aw = where + ".action";
    int big = 1 << 20;
    try {
      ObservationSpec obs = new ObservationSpec(
          Fields.getInt(o, "state_dim", ow, 0, big),
          Fields.getInt(o, "image_height", ow, 0, 16384),
          Fields.getInt(o, "image_width", ow, 0, 16384),
          Fields.getBoolean(o, "wrist_image", ow),
          Fields.getInt(o, "proprio_dim", ow, 0, big),
          Fields.getBoolean(o, "instructions", ow));
      ActionSpec act = new ActionSpec(
          Fields.getInt(a, "dim", aw, 1, 4096),
          Fields.getInt(a, "max_chunk", aw, 1, 4096),
          Fields.getStrings(a, "names", aw));
      return new EnvSpec(
          Fields.getString(m, "name", where),
          Fields.getInt(m, "num_envs", where, 1, big),
          obs, act,
          Fields.getStrings(m, "tasks", where),
          Fields.getInts(m, "horizons", where));
    } catch (IllegalArgumentException e) {
      throw new WireException(ErrorCode.BAD_REQUEST, where + ": " + e.getMessage());
    }
  }
}
