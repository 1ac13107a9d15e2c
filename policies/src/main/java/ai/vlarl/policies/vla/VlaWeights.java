package ai.vlarl.policies.vla;

import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VLA weights format: one safetensors document ({@link Safetensors}) with every parameter as
 * an F32 tensor under its name ({@link VlaNetwork}) and this metadata:
 *
 * <pre>
 *   format        "vlarl-vla/1"
 *   arch          JSON object of {@link VlaArch}'s fields
 *   vocab         JSON array of the text vocabulary (special tokens and words, in id order)
 *   action_stats  JSON object {"q01": [...], "q99": [...], "mask": [...]}
 * </pre>
 *
 * Floats are written with Java's shortest round-tripping decimal form, so statistics and weights
 * come back bit for bit. A file is any safetensors reader's to open ({@code
 * safetensors.torch.load_file} reads it as is).
 */
public final class VlaWeights {
  public static final String FORMAT = "vlarl-vla/1";
  private static final Gson GSON = new Gson();

  private VlaWeights() {}

  /** Writes {@code policy}'s parameters, architecture, vocabulary and statistics. */
  public static void write(OutputStream out, VlaPolicy policy) throws IOException {
    Map<String, Safetensors.F32> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : policy.network().namedParameters().entrySet()) {
      var a = e.getValue().getArray();
      tensors.put(e.getKey(), new Safetensors.F32(a.getShape().getShape(), a.toFloatArray()));
    }
    Safetensors.write(out, metadata(policy.arch(), policy.stats()), tensors);
  }

  /** The metadata written with a policy of {@code arch} and {@code stats}. */
  static Map<String, String> metadata(VlaArch arch, ActionStats stats) {
    Map<String, String> md = new LinkedHashMap<>();
    md.put("format", FORMAT);
    JsonObject a = new JsonObject();
    arch.toMap().forEach((k, v) -> a.addProperty(k, String.valueOf(v)));
    md.put("arch", a.toString());
    md.put("vocab", GSON.toJson(InstructionTokenizer.words()));
    JsonObject s = new JsonObject();
    s.add("q01", GSON.toJsonTree(stats.q01()));
    s.add("q99", GSON.toJsonTree(stats.q99()));
    s.add("mask", GSON.toJsonTree(stats.mask()));
    md.put("action_stats", s.toString());
    return md;
  }

  /**
   * Reads a document written by {@link #write} into {@code policy}: checks format, architecture
   * and vocabulary, then every tensor, and only then copies values and statistics in.
   *
   * @param source names the stream in errors
   */
  public static void read(InputStream in, String source, VlaPolicy policy) throws IOException {
    apply(Safetensors.read(in, source), source, policy);
  }

  /** Whether a safetensors document's metadata marks vlarl VLA weights. */
  static boolean isVlarl(Safetensors.Contents c) {
    return FORMAT.equals(c.metadata().get("format"));
  }

  /** As {@link #read}, for a document already parsed. */
  static void apply(Safetensors.Contents c, String source, VlaPolicy policy) throws IOException {
    Map<String, String> md = c.metadata();
    String format = md.get("format");
    if (!FORMAT.equals(format)) {
      throw new IOException(
          source + ": not vlarl VLA weights (metadata format '" + format + "', expected '" + FORMAT
              + "'); to import other safetensors use WeightImport");
    }
    checkArch(source, md.get("arch"), policy.arch());
    checkVocab(source, md.get("vocab"));
    ActionStats stats = stats(source, md.get("action_stats"));
    Map<String, float[]> values = checkTensors(source, c.tensors(), policy);
    values.forEach(policy::setParameter);
    policy.setStats(stats);
  }

  private static void checkArch(String source, String json, VlaArch arch) throws IOException {
    Map<String, String> theirs = new LinkedHashMap<>();
    try {
      JsonParser.parseString(json == null ? "{}" : json)
          .getAsJsonObject()
          .entrySet()
          .forEach(e -> theirs.put(e.getKey(), e.getValue().getAsString()));
    } catch (RuntimeException e) {
      throw new IOException(source + ": metadata 'arch' is not a JSON object of strings");
    }
    String diff = arch.mismatch(theirs);
    if (diff != null) {
      throw new IOException(
          source + " was written for another VLA architecture — " + diff
              + " (use the policy config the checkpoint was trained with)");
    }
  }

  private static void checkVocab(String source, String json) throws IOException {
    List<String> ours = InstructionTokenizer.words();
    List<String> theirs;
    try {
      theirs = Arrays.asList(GSON.fromJson(json, String[].class));
    } catch (JsonParseException | NullPointerException e) {
      throw new IOException(source + ": metadata 'vocab' is missing or not a JSON array");
    }
    for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
      String a = i < theirs.size() ? theirs.get(i) : "(none)";
      String b = i < ours.size() ? ours.get(i) : "(none)";
      if (!a.equals(b)) {
        throw new IOException(
            source + " has another vocabulary: token id " + i + " is '" + a + "' there, '" + b
                + "' here");
      }
    }
  }

  static ActionStats stats(String source, String json) throws IOException {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      return new ActionStats(
          floats(o.getAsJsonArray("q01")),
          floats(o.getAsJsonArray("q99")),
          GSON.fromJson(o.get("mask"), boolean[].class));
    } catch (RuntimeException e) {
      throw new IOException(source + ": metadata 'action_stats' is missing or invalid: " + e.getMessage());
    }
  }

  /** Parses each element's decimal text as a float directly (no double rounding: bit-exact). */
  private static float[] floats(com.google.gson.JsonArray a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Float.parseFloat(a.get(i).getAsString());
    }
    return out;
  }

  /**
   * The float values of every parameter of {@code policy} found in {@code tensors}, after
   * checking that none is missing, misshaped or not floating point and that no tensor is left
   * over.
   */
  static Map<String, float[]> checkTensors(
      String source, Map<String, Safetensors.Tensor> tensors, VlaPolicy policy) throws IOException {
    Map<String, float[]> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : policy.network().namedParameters().entrySet()) {
      String name = e.getKey();
      long[] want = e.getValue().getArray().getShape().getShape();
      Safetensors.Tensor t = tensors.get(name);
      if (t == null) {
        problems.add("missing tensor '" + name + "' " + Arrays.toString(want));
      } else if (!Arrays.equals(t.shape(), want)) {
        problems.add(
            "tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", the policy needs "
                + Arrays.toString(want));
      } else if (!List.of("F32", "F16", "BF16", "F64").contains(t.dtype())) {
        problems.add("tensor '" + name + "' has dtype " + t.dtype() + ", not floating point");
      } else {
        out.put(name, t.toFloats());
      }
    }
    for (String name : tensors.keySet()) {
      if (!policy.network().namedParameters().containsKey(name)) {
        problems.add("unexpected tensor '" + name + "' (no such parameter)");
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException(
          source + " does not fit this VLA: " + String.join("; ", problems.subList(0, Math.min(6, problems.size())))
              + (problems.size() > 6 ? "; and " + (problems.size() - 6) + " more" : ""));
    }
    return out;
  }
}
