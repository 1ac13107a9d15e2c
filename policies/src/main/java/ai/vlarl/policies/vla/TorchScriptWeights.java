package ai.vlarl.policies.vla;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
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
 * The weights of a {@link TorchScriptVla} as written into checkpoints ({@code policy.params}): one
 * safetensors document with every module parameter as an F32 tensor under its TorchScript name
 * (e.g. {@code vla.language_model.model.layers.0.self_attn.q_proj.weight}) and metadata {@code
 * format = "vlarl-vla-torchscript-weights/1"} and {@code arch} (the {@link VlaArch} fields). Reading
 * checks format, architecture, names and shapes before copying anything, and copies values into
 * the existing parameter arrays (the module keeps using them, optimizer state stays attached).
 */
final class TorchScriptWeights {
  static final String FORMAT = "vlarl-vla-torchscript-weights/1";

  private TorchScriptWeights() {}

  static void write(OutputStream out, TorchScriptVla policy) throws IOException {
    Map<String, Safetensors.F32> tensors = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : policy.namedParameters()) {
      var a = p.getValue().getArray();
      tensors.put(p.getKey(), new Safetensors.F32(a.getShape().getShape(), a.toFloatArray()));
    }
    Map<String, String> md = new LinkedHashMap<>();
    md.put("format", FORMAT);
    JsonObject arch = new JsonObject();
    policy.arch().toMap().forEach((k, v) -> arch.addProperty(k, String.valueOf(v)));
    md.put("arch", arch.toString());
    Safetensors.write(out, md, tensors);
  }

  static void read(InputStream in, String source, TorchScriptVla policy) throws IOException {
    Safetensors.Contents c = Safetensors.read(in, source);
    String format = c.metadata().get("format");
    if (!FORMAT.equals(format)) {
      throw new IOException(source + ": not TorchScript VLA weights (metadata format '" + format
          + "', expected '" + FORMAT + "')");
    }
    Map<String, String> arch = new LinkedHashMap<>();
    try {
      JsonParser.parseString(c.metadata().getOrDefault("arch", "{}")).getAsJsonObject()
          .entrySet().forEach(e -> arch.put(e.getKey(), e.getValue().getAsString()));
    } catch (RuntimeException e) {
      throw new IOException(source + ": metadata 'arch' is not a JSON object of strings");
    }
    String diff = policy.arch().mismatch(arch);
    if (diff != null) {
      throw new IOException(source + " was written for another VLA architecture — " + diff);
    }
    Map<String, float[]> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Pair<String, Parameter> p : policy.namedParameters()) {
      long[] want = p.getValue().getArray().getShape().getShape();
      Safetensors.Tensor t = c.tensors().get(p.getKey());
      if (t == null) {
        problems.add("missing tensor '" + p.getKey() + "' " + Arrays.toString(want));
      } else if (!Arrays.equals(t.shape(), want) || !"F32".equals(t.dtype())) {
        problems.add("tensor '" + p.getKey() + "' is " + t.dtype() + Arrays.toString(t.shape())
            + ", the module needs F32" + Arrays.toString(want));
      } else {
        values.put(p.getKey(), t.toFloats());
      }
    }
    for (String name : c.tensors().keySet()) {
      if (!policy.namedParameters().contains(name)) {
        problems.add("unexpected tensor '" + name + "' (no such module parameter)");
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException(source + " does not fit this module: "
          + String.join("; ", problems.subList(0, Math.min(6, problems.size())))
          + (problems.size() > 6 ? "; and " + (problems.size() - 6) + " more" : ""));
    }
    values.forEach(policy::setParameter);
  }
}
