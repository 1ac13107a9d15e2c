package ai.vlarl.policies.vla;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;
import com.google.gson.Gson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Demonstrations: episodes of (camera image, proprio, instruction, action) steps, in memory and as
 * files. A recorded dataset is a directory holding {@code episodes.safetensors}:
 *
 * <pre>
 *   tensors   image    U8  [S, H, W, 3]   camera image of every step (S steps in all)
 *             wrist    U8  [S, H, W, 3]   optional: wrist camera image of every step (for
 *                                         policies with policy.wrist_image)
 *             proprio  F32 [S, P]         proprio vector of every step (absent when P = 0)
 *             action   F32 [S, D]         the action taken (the label) at every step
 *             episode  I32 [S]            episode index of every step: episodes are contiguous,
 *                                         in order, steps in time order
 *             target   F32 [S, K]         optional: privileged positions of the task's objects at
 *                                         every step (the tabletop suite: target block x, y, z and
 *                                         goal x, y, in state-vector units); SFT fits an auxiliary
 *                                         probe to them ({@code policy.sft.aux_weight}), the policy
 *                                         never sees them
 *   metadata  format        "vlarl-episodes/1"
 *             instructions  JSON array, one instruction per episode
 *             tasks         JSON array, one task name per episode
 *             success       JSON array, whether each episode succeeded
 * </pre>
 *
 * Actions are in the env's units ([-1, 1] for the tabletop suite); SFT derives its normalization
 * statistics from them.
 */
public final class EpisodeDataset {
  public static final String FILE = "episodes.safetensors";
  public static final String FORMAT = "vlarl-episodes/1";
  private static final Gson GSON = new Gson();

  /** One episode's metadata and where its steps are. */
  public record Episode(String instruction, String task, boolean success, int start, int length) {}

  private final int imageSize;
  private final int proprioDim;
  private final int actionDim;
  private final List<Episode> episodes;
  private final byte[] images;
  private final byte[] wrist;
  private final float[] proprio;
  private final float[] actions;
  private final int targetDim;
  private final float[] targets;

  private EpisodeDataset(
      int imageSize,
      int proprioDim,
      int actionDim,
      List<Episode> episodes,
      byte[] images,
      byte[] wrist,
      float[] proprio,
      float[] actions,
      int targetDim,
      float[] targets) {
    this.imageSize = imageSize;
    this.wrist = wrist;
    this.proprioDim = proprioDim;
    this.actionDim = actionDim;
    this.episodes = Collections.unmodifiableList(episodes);
    this.images = images;
    this.proprio = proprio;
    this.actions = actions;
    this.targetDim = targetDim;
    this.targets = targets;
  }

  /** Width of the privileged object positions per step; 0 when the dataset has none. */
  public int targetDim() {
    return targetDim;
  }

  /** Privileged object positions of {@code rows}, row-major {@code [rows, targetDim]}. */
  public float[] targets(int[] rows) {
    if (targetDim == 0) {
      throw new IllegalStateException("this dataset records no object positions (tensor 'target')");
    }
    float[] out = new float[rows.length * targetDim];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(targets, rows[i] * targetDim, out, i * targetDim, targetDim);
    }
    return out;
  }

  public int imageSize() {
    return imageSize;
  }

  /** Whether every step has a wrist camera image too (tensor {@code wrist}). */
  public boolean hasWrist() {
    return wrist != null;
  }

  public int proprioDim() {
    return proprioDim;
  }

  public int actionDim() {
    return actionDim;
  }

  public List<Episode> episodes() {
    return episodes;
  }

  /** Steps in all. */
  public int steps() {
    return actions.length / actionDim;
  }

  /** Step indices grouped by task, tasks in order of first appearance. */
  public int[][] stepsByTask() {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (Episode e : episodes) {
      List<Integer> g = groups.computeIfAbsent(e.task(), k -> new ArrayList<>());
      for (int t = 0; t < e.length(); t++) {
        g.add(e.start() + t);
      }
    }
    return groups.values().stream()
        .map(g -> g.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
  }

  /** Every action, row-major {@code [steps, actionDim]} (a copy). */
  public float[] actions() {
    return actions.clone();
  }

  /** Adds episodes step by step. */
  public static final class Builder {
    private final int imageSize;
    private final int proprioDim;
    private final int actionDim;
    private final List<Episode> episodes = new ArrayList<>();
    private final java.io.ByteArrayOutputStream images = new java.io.ByteArrayOutputStream();
    private final java.io.ByteArrayOutputStream wrist;
    private float[] proprio = new float[1024];
    private float[] actions = new float[1024];
    private final int targetDim;
    private float[] targets = new float[1024];
    private int steps;

    public Builder(int imageSize, int proprioDim, int actionDim) {
      this(imageSize, proprioDim, actionDim, 0);
    }

    /** A builder that also records {@code targetDim} privileged object positions per step. */
    public Builder(int imageSize, int proprioDim, int actionDim, int targetDim) {
      this(imageSize, proprioDim, actionDim, targetDim, false);
    }

    /**
     * A builder that records {@code targetDim} object positions per step and, with {@code
     * wrist}, a wrist camera image per step.
     */
    public Builder(int imageSize, int proprioDim, int actionDim, int targetDim, boolean wrist) {
      this.wrist = wrist ? new java.io.ByteArrayOutputStream() : null;
      this.imageSize = imageSize;
      this.proprioDim = proprioDim;
      this.actionDim = actionDim;
      this.targetDim = targetDim;
    }

    /**
     * Adds one episode.
     *
     * @param images one {@code H·W·3} image per step
     * @param proprio one vector per step (ignored when the dataset has no proprio)
     * @param actions one action per step
     */
    public Builder add(
        String instruction,
        String task,
        boolean success,
        List<byte[]> images,
        List<float[]> proprio,
        List<float[]> actions) {
      return add(instruction, task, success, images, null, proprio, actions, null);
    }

    /**
     * Adds one episode with its wrist images (one per step; null when the dataset has none) and
     * object positions (null without them).
     */
    public Builder add(
        String instruction,
        String task,
        boolean success,
        List<byte[]> images,
        List<byte[]> wristImages,
        List<float[]> proprio,
        List<float[]> actions,
        List<float[]> targets) {
      int n = actions.size();
      if (wrist != null && (wristImages == null || wristImages.size() != n)) {
        throw new IllegalArgumentException(
            "this dataset records wrist images: one per step needed, got "
                + (wristImages == null ? "none" : wristImages.size() + " for " + n + " steps"));
      }
      if (targetDim > 0 && (targets == null || targets.size() != n)) {
        throw new IllegalArgumentException(
            "this dataset records object positions: one per step needed, got "
                + (targets == null ? "none" : targets.size() + " for " + n + " steps"));
      }
      if (n == 0 || images.size() != n || (proprioDim > 0 && proprio.size() != n)) {
        throw new IllegalArgumentException(
            "an episode needs one image, proprio and action per step and at least one step; got "
                + images.size() + ", " + proprio.size() + ", " + n);
      }
      // check every step before writing any, so a refused episode leaves the builder as it was
      int px = imageSize * imageSize * 3;
      for (int t = 0; t < n; t++) {
        if (images.get(t).length != px) {
          throw new IllegalArgumentException("image of step " + t + " has " + images.get(t).length + " bytes");
        }
        if (wrist != null && wristImages.get(t).length != px) {
          throw new IllegalArgumentException(
              "wrist image of step " + t + " has " + wristImages.get(t).length + " bytes");
        }
      }
      int start = steps;
      for (int t = 0; t < n; t++) {
        this.images.writeBytes(images.get(t));
        if (wrist != null) {
          wrist.writeBytes(wristImages.get(t));
        }
        ensure(steps + 1);
        if (proprioDim > 0) {
          System.arraycopy(proprio.get(t), 0, this.proprio, steps * proprioDim, proprioDim);
        }
        System.arraycopy(actions.get(t), 0, this.actions, steps * actionDim, actionDim);
        if (targetDim > 0) {
          System.arraycopy(targets.get(t), 0, this.targets, steps * targetDim, targetDim);
        }
        steps++;
      }
      episodes.add(new Episode(instruction, task, success, start, n));
      return this;
    }

    private void ensure(int rows) {
      if (rows * actionDim > actions.length) {
        actions = Arrays.copyOf(actions, Math.max(rows * actionDim, 2 * actions.length));
      }
      if (proprioDim > 0 && rows * proprioDim > proprio.length) {
        proprio = Arrays.copyOf(proprio, Math.max(rows * proprioDim, 2 * proprio.length));
      }
      if (targetDim > 0 && rows * targetDim > targets.length) {
        targets = Arrays.copyOf(targets, Math.max(rows * targetDim, 2 * targets.length));
      }
    }

    public int episodes() {
      return episodes.size();
    }

    public EpisodeDataset build() {
      return new EpisodeDataset(
          imageSize,
          proprioDim,
          actionDim,
          new ArrayList<>(episodes),
          images.toByteArray(),
          wrist == null ? null : wrist.toByteArray(),
          proprioDim > 0 ? Arrays.copyOf(proprio, steps * proprioDim) : new float[0],
          Arrays.copyOf(actions, steps * actionDim),
          targetDim,
          Arrays.copyOf(targets, steps * targetDim));
    }
  }

  /**
   * Training rows {@code rows} (step indices) as observations, and their action-chunk labels
   * {@code [rows, chunk, dim]}: the actions of steps {@code s .. s + chunk - 1} of the same
   * episode, the episode's last action repeated past its end.
   */
  public Observations observations(int[] rows) {
    int px = imageSize * imageSize * 3;
    byte[] img = new byte[rows.length * px];
    byte[] wri = wrist == null ? null : new byte[rows.length * px];
    float[] prop = proprioDim > 0 ? new float[rows.length * proprioDim] : null;
    String[] instr = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      int s = rows[i];
      System.arraycopy(images, s * px, img, i * px, px);
      if (wri != null) {
        System.arraycopy(wrist, s * px, wri, i * px, px);
      }
      if (prop != null) {
        System.arraycopy(proprio, s * proprioDim, prop, i * proprioDim, proprioDim);
      }
      instr[i] = episodeOf(s).instruction();
    }
    return new Observations(
        rows.length,
        null,
        HostArray.ofBytes(img, rows.length, imageSize, imageSize, 3),
        wri == null ? null : HostArray.ofBytes(wri, rows.length, imageSize, imageSize, 3),
        prop == null ? null : HostArray.ofFloats(prop, rows.length, proprioDim),
        instr,
        null);
  }

  /** Action-chunk labels of {@code rows}, row-major {@code [rows, chunk, dim]}. */
  public float[] chunks(int[] rows, int chunk) {
    float[] out = new float[rows.length * chunk * actionDim];
    for (int i = 0; i < rows.length; i++) {
      int s = rows[i];
      Episode e = episodeOf(s);
      int last = e.start() + e.length() - 1;
      for (int k = 0; k < chunk; k++) {
        int src = Math.min(s + k, last);
        System.arraycopy(actions, src * actionDim, out, (i * chunk + k) * actionDim, actionDim);
      }
    }
    return out;
  }

  private Episode episodeOf(int step) {
    int lo = 0;
    int hi = episodes.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (episodes.get(mid).start() <= step) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return episodes.get(lo);
  }

  /** Writes the dataset into directory {@code dir} (created if needed). */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    int s = steps();
    int[] episodeIndex = new int[s];
    for (int e = 0; e < episodes.size(); e++) {
      Episode ep = episodes.get(e);
      Arrays.fill(episodeIndex, ep.start(), ep.start() + ep.length(), e);
    }
    Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
    t.put("image", Safetensors.u8(images, s, imageSize, imageSize, 3));
    if (wrist != null) {
      t.put("wrist", Safetensors.u8(wrist, s, imageSize, imageSize, 3));
    }
    if (proprioDim > 0) {
      t.put("proprio", Safetensors.f32(proprio, s, proprioDim));
    }
    t.put("action", Safetensors.f32(actions, s, actionDim));
    t.put("episode", Safetensors.i32(episodeIndex, s));
    if (targetDim > 0) {
      t.put("target", Safetensors.f32(targets, s, targetDim));
    }
    Map<String, String> md = new LinkedHashMap<>();
    md.put("format", FORMAT);
    md.put("instructions", GSON.toJson(episodes.stream().map(Episode::instruction).toList()));
    md.put("tasks", GSON.toJson(episodes.stream().map(Episode::task).toList()));
    md.put("success", GSON.toJson(episodes.stream().map(Episode::success).toList()));
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
  public static EpisodeDataset read(Path path) throws IOException {
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
    List<Episode> episodes = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= s; i++) {
      if (i == s || ep[i] != ep[start]) {
        int e = ep[start];
        if (e != episodes.size() || e >= instructions.length) {
          throw new IOException(where + ": tensor 'episode' is not contiguous episodes 0, 1, ... with"
              + " one instruction each (step " + start + " has episode " + e + ")");
        }
        episodes.add(new Episode(instructions[e], e < tasks.length ? tasks[e] : "",
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
