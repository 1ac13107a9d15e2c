package ai.vlarl.policies.vla;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;
import java.io.IOException;
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

  /** One episode's metadata and where its steps are. */
  public record Episode(String instruction, String task, boolean success, int start, int length) {}

  private final int imageSize;
  private final int proprioDim;
  private final int actionDim;
  private final List<Episode> episodes;
  final byte[] images;
  final byte[] wrist;
  final float[] proprio;
  final float[] actions;
  private final int targetDim;
  final float[] targets;

  EpisodeDataset(
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

  /** Writes the dataset into directory {@code dir} (created if needed; atomically replaced). */
  public void write(Path dir) throws IOException {
    EpisodeFiles.write(this, dir);
  }

  /**
   * Reads a dataset directory (or the {@code episodes.safetensors} file itself).
   *
   * @throws IOException naming the file and the field that is missing or inconsistent
   */
  public static EpisodeDataset read(Path path) throws IOException {
    return EpisodeFiles.read(path);
  }
}
