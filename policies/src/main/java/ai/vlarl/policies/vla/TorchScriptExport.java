package ai.vlarl.policies.vla;

import ai.vlarl.framework.core.UserException;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A TorchScript export of a VLA, as {@code policies/python/vlarl_vla_ref/export.py} writes it: a
 * directory holding
 *
 * <pre>
 *   model.pt   a traced BatchVla: forward(pixels [B,3,S,S] float in [0,1],
 *              proprio [B,max(1,P)] float, prompt_ids [B,L] int64 left-padded with 0,
 *              tokens [B,chunk·dim] int64) -> (logits [B,chunk·dim,256], value [B])
 *   vla.json   {"format": "vlarl-vla-torchscript/1", "arch": {VlaArch fields},
 *               "decoding": "parallel"|"autoregressive",
 *               "action_stats": {"q01": [...], "q99": [...], "mask": [...]},
 *               "vocab": [text vocabulary in id order], "torch": "exporting version"}
 * </pre>
 *
 * @param model the {@code model.pt} file
 * @param arch the architecture the module was traced from
 * @param decoding the decoding mode the module computes
 * @param stats the action normalization statistics
 */
public record TorchScriptExport(
    Path model, VlaArch arch, VlaConfig.Decoding decoding, ActionStats stats) {
  public static final String FORMAT = "vlarl-vla-torchscript/1";
  public static final String MODEL_FILE = "model.pt";
  public static final String META_FILE = "vla.json";
  private static final Gson GSON = new Gson();

  /**
   * Reads the export {@code path} names (its directory, or its {@code model.pt}).
   *
   * @throws UserException naming the missing file or the field of {@code vla.json} that is
   *     absent, malformed, or does not fit this build (vocabulary)
   */
  public static TorchScriptExport read(Path path) {
    if (path.toString().isEmpty()) {
      throw new UserException(
          "policy.path is empty: set it to a directory written by"
              + " policies/python/vlarl_vla_ref/export.py");
    }
    Path dir = Files.isRegularFile(path) ? path.toAbsolutePath().getParent() : path;
    if (!Files.isDirectory(dir)) {
      throw new UserException("policy.path=" + path + ": no such directory");
    }
    Path model = dir.resolve(MODEL_FILE);
    Path meta = dir.resolve(META_FILE);
    for (Path p : List.of(model, meta)) {
      if (!Files.isRegularFile(p)) {
        throw new UserException(
            "policy.path=" + path + ": " + p.getFileName() + " is missing (" + p
                + "); export the model with policies/python/vlarl_vla_ref/export.py");
      }
    }
    JsonObject o;
    try {
      o = JsonParser.parseString(Files.readString(meta)).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      throw new UserException(meta + " is not a JSON object: " + e.getMessage(), e);
    }
    String format = string(o, "format", meta);
    if (!FORMAT.equals(format)) {
      throw new UserException(meta + ": format '" + format + "', expected '" + FORMAT + "'");
    }
    VlaArch arch = arch(object(o, "arch", meta), meta);
    VlaConfig.Decoding decoding;
    String d = string(o, "decoding", meta);
    try {
      decoding = VlaConfig.Decoding.valueOf(d.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException(meta + ": decoding '" + d + "' is neither parallel nor autoregressive");
    }
    ActionStats stats;
    try {
      stats = VlaWeights.stats(meta.toString(), object(o, "action_stats", meta).toString());
    } catch (IOException e) {
      throw new UserException(e.getMessage(), e);
    }
    if (stats.dim() != arch.actionDim()) {
      throw new UserException(meta + ": action_stats has " + stats.dim() + " dimensions, arch.actionDim "
          + arch.actionDim());
    }
    checkVocab(o, meta, arch);
    return new TorchScriptExport(model, arch, decoding, stats);
  }

  /** The {@link VlaArch} of a JSON object with one field per record component. */
  static VlaArch arch(JsonObject a, Path source) {
    RecordComponent[] comps = VlaArch.class.getRecordComponents();
    Object[] args = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      String name = comps[i].getName();
      types[i] = comps[i].getType();
      JsonElement v = a.get(name);
      if (v == null && VlaArch.LATER_FLAGS.contains(name)) {
        v = new JsonPrimitive(false); // exported before the option existed
      }
      if (v == null || !v.isJsonPrimitive()) {
        throw new UserException(source + ": arch." + name + " is missing");
      }
      JsonPrimitive p = v.getAsJsonPrimitive();
      try {
        args[i] = types[i] == boolean.class ? bool(p) : (Object) Integer.parseInt(p.getAsString());
      } catch (RuntimeException e) {
        throw new UserException(source + ": arch." + name + " = " + p + " is not a "
            + (types[i] == boolean.class ? "boolean" : "whole number"));
      }
    }
    try {
      return VlaArch.class.getDeclaredConstructor(types).newInstance(args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new UserException(source + ": invalid arch: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean bool(JsonPrimitive p) {
    String s = p.getAsString();
    if (!s.equals("true") && !s.equals("false")) {
      throw new IllegalArgumentException(s);
    }
    return s.equals("true");
  }

  private static void checkVocab(JsonObject o, Path meta, VlaArch arch) {
    if (arch.vocabSize() != InstructionTokenizer.vocabSize()) {
      throw new UserException(meta + ": arch.vocabSize " + arch.vocabSize() + " but this build's"
          + " instruction tokenizer has " + InstructionTokenizer.vocabSize()
          + " ids (export with the same vocabulary)");
    }
    JsonElement v = o.get("vocab");
    if (v == null) {
      return; // older exports: the size check above is all there is
    }
    List<String> theirs;
    try {
      theirs = new ArrayList<>(Arrays.asList(GSON.fromJson(v, String[].class)));
    } catch (RuntimeException e) {
      throw new UserException(meta + ": vocab is not a JSON array of strings");
    }
    List<String> ours = InstructionTokenizer.words();
    for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
      String a = i < theirs.size() ? theirs.get(i) : "(none)";
      String b = i < ours.size() ? ours.get(i) : "(none)";
      if (!a.equals(b)) {
        throw new UserException(meta + " was exported with another vocabulary: token id " + i
            + " is '" + a + "' there, '" + b + "' here");
      }
    }
  }

  private static String string(JsonObject o, String key, Path source) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive()) {
      throw new UserException(source + ": '" + key + "' is missing");
    }
    return e.getAsString();
  }

  private static JsonObject object(JsonObject o, String key, Path source) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonObject()) {
      throw new UserException(source + ": '" + key + "' is missing or not an object");
    }
    return e.getAsJsonObject();
  }
}
