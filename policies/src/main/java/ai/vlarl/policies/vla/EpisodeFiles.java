package ai.vlarl.policies.vla;

import static ai.vlarl.policies.vla.EpisodeDataset.FILE;
import static ai.vlarl.policies.vla.EpisodeDataset.FORMAT;

import com.google.gson.Gson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The episode dataset's file format (documented on {@link EpisodeDataset}): atomic writing, and
 * reading that names the file and the field when something is missing or inconsistent.
 */
final class EpisodeFiles {
  private static final Gson GSON = new Gson();

  private EpisodeFiles() {}

  /** Writes the dataset into directory {@code dir} (created if needed). */
  static void write(EpisodeDataset d, Path dir) throws IOException {
    Files.createDirectories(dir);
    int s = d.steps();
    int[] episodeIndex = new int[s];
    for (int e = 0; e < d.episodes().size(); e++) {
      EpisodeDataset.Episode ep = d.episodes().get(e);
      Arrays.fill(episodeIndex, ep.start(), ep.start() + ep.length(), e);
    }
    Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
    t.put("image", Safetensors.u8(d.images, s, d.imageSize(), d.imageSize(), 3));
    if (d.wrist != null) {
      t.put("wrist", Safetensors.u8(d.wrist, s, d.imageSize(), d.imageSize(), 3));
    }
    if (d.proprioDim() > 0) {
      t.put("proprio", Safetensors.f32(d.proprio, s, d.proprioDim()));
    }
    t.put("action", Safetensors.f32(d.actions, s, d.actionDim()));
    t.put("episode", Safetensors.i32(episodeIndex, s));
    if (d.targetDim() > 0) {
      t.put("target", Safetensors.f32(d.targets, s, d.targetDim()));
    }
    Map<String, String> md = new LinkedHashMap<>();
    md.put("format", FORMAT);
    md.put("instructions", GSON.toJson(d.episodes().stream().map(EpisodeDataset.Episode::instruction).toList()));
    md.put("tasks", GSON.toJson(d.episodes().stream().map(EpisodeDataset.Episode::task).toList()));
    md.put("success", GSON.toJson(d.episodes().stream().map(EpisodeDataset.Episode::success).toList()));
    Path tmp = dir.resolve(FILE + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
      Safetensors.writeTensors(out, md, t);
    }
    Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Reads a dataset directory (or the {@code episodes.safetensors} file itself).
   *
   * @throws IOException naming the file and the field that is missing or inconsistent
   */
  static EpisodeDataset read(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve(FILE) : path;
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no episode dataset there (expected " + FILE + ")");
    }
    Safetensors.Contents c = Safetensors.read(file);
    String where = file.toString();
    if (!FORMAT.equals(c.metadata().get("format"))) {
      throw new IOException(where + ": metadata format is '" + c.metadata().get("format")
          + "', expected '" + FORMAT + "'");
    }
    Safetensors.Tensor image = require(c, where, "image", "U8", 4);
    Safetensors.Tensor action = require(c, where, "action", "F32", 2);
    Safetensors.Tensor episode = require(c, where, "episode", "I32", 1);
    int s = (int) image.shape()[0];
    int size = (int) image.shape()[1];
    if (image.shape()[2] != size || image.shape()[3] != 3) {
      throw new IOException(where + ": tensor 'image' must be [S, H, H, 3], got " + image);
    }
    if (action.shape()[0] != s || episode.shape()[0] != s) {
      throw new IOException(where + ": tensors 'image', 'action' and 'episode' disagree on the step count");
    }
    Safetensors.Tensor wristImages = c.tensors().get("wrist");
    if (wristImages != null
        && (!wristImages.dtype().equals("U8") || !Arrays.equals(wristImages.shape(), image.shape()))) {
      throw new IOException(where + ": tensor 'wrist' must be U8 shaped like 'image' "
          + Arrays.toString(image.shape()) + ", got " + wristImages);
    }
    Safetensors.Tensor prop = optionalRows(c, where, "proprio", "P", s);
    int p = prop == null ? 0 : (int) prop.shape()[1];
    Safetensors.Tensor target = optionalRows(c, where, "target", "K", s);
    int k = target == null ? 0 : (int) target.shape()[1];
    String[] instructions = metaArray(c, where, "instructions", String[].class);
    String[] tasks = metaArray(c, where, "tasks", String[].class);
    Boolean[] success = metaArray(c, where, "success", Boolean[].class);
    int[] ep = episode.toInts();
    List<EpisodeDataset.Episode> episodes = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= s; i++) {
      if (i == s || ep[i] != ep[start]) {
        int e = ep[start];
        if (e != episodes.size() || e >= instructions.length) {
          throw new IOException(where + ": tensor 'episode' is not contiguous episodes 0, 1, ... with"
              + " one instruction each (step " + start + " has episode " + e + ")");
        }
        episodes.add(new EpisodeDataset.Episode(instructions[e], e < tasks.length ? tasks[e] : "",
            e < success.length && Boolean.TRUE.equals(success[e]), start, i - start));
        start = i;
      }
    }
    if (episodes.size() != instructions.length) {
      throw new IOException(where + ": " + instructions.length + " instructions for "
          + episodes.size() + " episodes");
    }
    return new EpisodeDataset(size, p, (int) action.shape()[1], episodes, image.toBytes(),
        wristImages == null ? null : wristImages.toBytes(),
        prop == null ? new float[0] : prop.toFloats(), action.toFloats(), k,
        target == null ? new float[0] : target.toFloats());
  }

  /** Optional tensor {@code name}: null when absent, else checked to be F32 {@code [steps, width]}. */
  private static Safetensors.Tensor optionalRows(
      Safetensors.Contents c, String where, String name, String width, int steps) throws IOException {
    Safetensors.Tensor t = c.tensors().get(name);
    if (t != null && (!t.dtype().equals("F32") || t.shape().length != 2 || t.shape()[0] != steps)) {
      throw new IOException(where + ": tensor '" + name + "' must be F32 [S, " + width + "], got " + t);
    }
    return t;
  }

  private static Safetensors.Tensor require(
      Safetensors.Contents c, String where, String name, String dtype, int rank) throws IOException {
    Safetensors.Tensor t = c.tensors().get(name);
    if (t == null || !t.dtype().equals(dtype) || t.shape().length != rank) {
      throw new IOException(where + ": tensor '" + name + "' must be " + dtype + " of rank " + rank
          + ", got " + (t == null ? "none" : t.toString()));
    }
    return t;
  }

  private static <T> T metaArray(Safetensors.Contents c, String where, String key, Class<T> type)
      throws IOException {
    String json = c.metadata().get(key);
    try {
      T v = GSON.fromJson(json, type);
      if (v == null) {
        throw new IOException(where + ": metadata '" + key + "' is missing");
      }
      return v;
    } catch (RuntimeException e) {
      throw new IOException(where + ": metadata '" + key + "' is not a JSON array");
    }
  }
}
