package ai.vlarl.envs.tabletop;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The state of N tabletop sub-envs: ND4J arrays laid out {@code [rows, N]} (one column per sub-env,
 * so a row is a contiguous vector over sub-envs) for the vectorized physics, and host mirrors
 * ({@code float[rows * N]}, row-major, same layout) for what is per sub-env in plain Java: resets,
 * observations, rendering, the experts and snapshots.
 *
 * <p>The mirrors are authoritative between steps: {@link #pull()} copies the ND4J state into them
 * after the physics ran, {@link #push()} copies them back after Java edited them.
 */
final class World {
  static {
    // JavaCPP (under ND4J) otherwise reads /proc/self/statm at every native allocation, and ND4J
    // allocates a little at every op: about a quarter of a step's time. maxPhysicalBytes = 0 turns
    // that check off (maxBytes, the limit on JavaCPP's own allocations, stays). A user's setting
    // wins; it must happen before ND4J loads.
    if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null
        && System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
      System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
    }
  }

  static final int FIXTURES = Episode.FIXTURES;
  static final int TASKS = Tasks.ALL.size();

  final int n;
  final int k;

  // dynamic state
  /** End-effector position, rows x, y, z. */
  final INDArray ee;
  /** 1 where the gripper is closed. */
  final INDArray closed;
  /** One-hot of the grasped block per sub-env (all 0 when none), [K, N]. */
  final INDArray held;
  /** Block centers, [K, N] each; block 0 is the target. */
  final INDArray bx;
  final INDArray by;
  final INDArray bz;
  /** Progress potential after the last step (for dense shaping). */
  final INDArray phi;

  // constant within an episode
  /** Fixture centers [F, N] and 1 where the fixture is a plate. */
  final INDArray fx;
  final INDArray fy;
  final INDArray plate;
  /** Goal: the goal fixture's center at block-resting height, rows x, y, z. */
  final INDArray goal;
  /** One-hot of the task (canonical slots), [T, N]. */
  final INDArray taskMask;

  final float[] hEe;
  final float[] hClosed;
  final float[] hHeld;
  final float[] hBx;
  final float[] hBy;
  final float[] hBz;
  final float[] hPhi;
  final float[] hFx;
  final float[] hFy;
  final float[] hPlate;
  final float[] hGoal;
  final float[] hTask;
  final Episode[] episodes;

  private final INDArray[] dynamic;
  private final float[][] hDynamic;
  private final INDArray[] all;
  private final float[][] hAll;

  World(int n, int k) {
    this.n = n;
    this.k = k;
    ee = create(3);
    closed = create(1);
    held = create(k);
    bx = create(k);
    by = create(k);
    bz = create(k);
    phi = create(1);
    fx = create(FIXTURES);
    fy = create(FIXTURES);
    plate = create(FIXTURES);
    goal = create(3);
    taskMask = create(TASKS);
    dynamic = new INDArray[] {ee, closed, held, bx, by, bz, phi};
    all = new INDArray[] {ee, closed, held, bx, by, bz, phi, fx, fy, plate, goal, taskMask};
    hAll = new float[all.length][];
    for (int i = 0; i < all.length; i++) {
      hAll[i] = new float[(int) all[i].length()];
    }
    hEe = hAll[0];
    hClosed = hAll[1];
    hHeld = hAll[2];
    hBx = hAll[3];
    hBy = hAll[4];
    hBz = hAll[5];
    hPhi = hAll[6];
    hFx = hAll[7];
    hFy = hAll[8];
    hPlate = hAll[9];
    hGoal = hAll[10];
    hTask = hAll[11];
    hDynamic = new float[dynamic.length][];
    System.arraycopy(hAll, 0, hDynamic, 0, dynamic.length);
    episodes = new Episode[n];
  }

  private INDArray create(int rows) {
    return Nd4j.create(DataType.FLOAT, rows, n);
  }

  /** Row {@code r} of {@code a} as a {@code [1, N]} view. */
  static INDArray row(INDArray a, int r) {
    return a.getRow(r, true);
  }

  /** Copies the dynamic ND4J state into the host mirrors. */
  void pull() {
    for (int i = 0; i < dynamic.length; i++) {
      read(dynamic[i], hDynamic[i]);
    }
  }

  /** Copies all host mirrors into the ND4J arrays. */
  void push() {
    for (int i = 0; i < all.length; i++) {
      write(hAll[i], all[i]);
    }
  }

  static void read(INDArray a, float[] dst) {
    requireWhole(a);
    FloatBuffer b = a.data().asNioFloat();
    b.position(0);
    b.get(dst, 0, dst.length);
  }

  static void write(float[] src, INDArray a) {
    requireWhole(a);
    FloatBuffer b = a.data().asNioFloat();
    b.position(0);
    b.put(src, 0, src.length);
  }

  private static void requireWhole(INDArray a) {
    if (a.isView() || a.ordering() != 'c') {
      throw new IllegalArgumentException("host copies need a whole c-order array, not a view");
    }
  }

  /** Starts episode {@code e} in sub-env {@code i} (mirrors only; the potential is set later). */
  void start(int i, Episode e) {
    episodes[i] = e;
    for (int a = 0; a < 3; a++) {
      hEe[a * n + i] = e.ee()[a];
    }
    hClosed[i] = 0;
    float[] b = e.blocks();
    for (int j = 0; j < k; j++) {
      hHeld[j * n + i] = 0;
      hBx[j * n + i] = b[3 * j];
      hBy[j * n + i] = b[3 * j + 1];
      hBz[j * n + i] = b[3 * j + 2];
    }
    hPhi[i] = 0;
    for (int f = 0; f < FIXTURES; f++) {
      hFx[f * n + i] = e.fixtures()[2 * f];
      hFy[f * n + i] = e.fixtures()[2 * f + 1];
      hPlate[f * n + i] = e.plates()[f] ? 1 : 0;
    }
    hGoal[i] = e.fixtures()[0];
    hGoal[n + i] = e.fixtures()[1];
    hGoal[2 * n + i] = Geometry.BLOCK_HALF + (e.plates()[0] ? Geometry.PLATE_HEIGHT : 0);
    for (int t = 0; t < TASKS; t++) {
      hTask[t * n + i] = t == e.task().slot() ? 1 : 0;
    }
  }

  /** Frees the ND4J arrays now rather than at garbage collection. */
  void close() {
    Nd.close(all);
  }

  /** A copy of the dynamic host mirrors. */
  float[][] saveDynamic() {
    float[][] out = new float[hDynamic.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = hDynamic[i].clone();
    }
    return out;
  }

  /** Restores the dynamic mirrors of sub-envs {@code envs} from {@link #saveDynamic()}. */
  void restoreDynamic(float[][] saved, int[] envs) {
    for (int a = 0; a < hDynamic.length; a++) {
      int rows = hDynamic[a].length / n;
      for (int env : envs) {
        for (int r = 0; r < rows; r++) {
          hDynamic[a][r * n + env] = saved[a][r * n + env];
        }
      }
    }
  }

  /** Overwrites all dynamic mirrors (same layout as {@link #saveDynamic()}). */
  void loadDynamic(float[][] saved) {
    for (int a = 0; a < hDynamic.length; a++) {
      System.arraycopy(saved[a], 0, hDynamic[a], 0, hDynamic[a].length);
    }
  }

  // host accessors (valid between steps)

  float ee(int i, int axis) {
    return hEe[axis * n + i];
  }

  /** Coordinate {@code axis} (0 x, 1 y, 2 z) of block {@code j}'s center in sub-env {@code i}. */
  float block(int i, int j, int axis) {
    float[] h = axis == 0 ? hBx : axis == 1 ? hBy : hBz;
    return h[j * n + i];
  }

  boolean held(int i, int j) {
    return hHeld[j * n + i] > 0.5f;
  }

  boolean holding(int i) {
    for (int j = 0; j < k; j++) {
      if (held(i, j)) {
        return true;
      }
    }
    return false;
  }

  boolean closed(int i) {
    return hClosed[i] > 0.5f;
  }

  /** Coordinate {@code axis} of the goal (the goal fixture's center at block-resting height). */
  float goal(int i, int axis) {
    return hGoal[axis * n + i];
  }
}
