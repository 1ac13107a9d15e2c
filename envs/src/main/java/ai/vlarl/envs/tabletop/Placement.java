package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Rejection sampling of non-overlapping object positions for one episode (plain Java, driven only
 * by the episode's {@link Rng}, so a layout depends on its seed alone).
 *
 * <p>Every placed object is a disc (its footprint's circumscribed circle); a new object keeps
 * {@link #MARGIN} from all of them. Tasks may also keep a corridor free of blocks (e.g. the path a
 * pushed block takes). When no free spot is found in {@link #TRIES} tries, the last candidate is
 * kept: layouts stay deterministic, at worst slightly crowded.
 */
public final class Placement {
  /** Footprint radius of a block. */
  public static final float BLOCK_R = 0.03f;
  /** Footprint radius of a plate. */
  public static final float PLATE_R = Geometry.PLATE_RADIUS;
  /** Footprint radius of a zone (half its diagonal). */
  public static final float ZONE_R = Geometry.ZONE_HALF * 1.415f;
  /** Clearance kept between footprints. */
  public static final float MARGIN = 0.01f;
  /** Blocks start with |x|, |y| at most this. */
  public static final float BLOCK_LIMIT = 0.16f;
  /** Fixtures are centered with |x|, |y| at most this. */
  public static final float FIXTURE_LIMIT = 0.17f;
  /**
   * Blocks start with |x|, |y| at most this in the execution split (2 cm from the table's edge);
   * the target block then starts outside {@link #BLOCK_LIMIT}.
   */
  public static final float BLOCK_LIMIT_OOD = 0.21f;
  /** Fixtures are centered with |x|, |y| at most this in the execution split (edge to edge). */
  public static final float FIXTURE_LIMIT_OOD = 0.20f;
  static final int TRIES = 500;

  private final Rng rng;
  private final Split split;
  private final List<float[]> discs = new ArrayList<>();
  private final List<float[]> corridors = new ArrayList<>();
  private final float[] target = new float[2];
  private final float[] goal = new float[2];
  private boolean goalPlate;

  Placement(Rng rng) {
    this(rng, Split.TRAIN);
  }

  /** Placement for the episodes of {@code split} (only the execution split places differently). */
  Placement(Rng rng, Split split) {
    this.rng = rng;
    this.split = split;
  }

  /** The bound of block starts: {@link #BLOCK_LIMIT}, or {@link #BLOCK_LIMIT_OOD} (execution split). */
  public float blockLimit() {
    return split == Split.OOD_EXECUTION ? BLOCK_LIMIT_OOD : BLOCK_LIMIT;
  }

  /** The bound of fixture centers: {@link #FIXTURE_LIMIT}, or {@link #FIXTURE_LIMIT_OOD}. */
  public float fixtureLimit() {
    return split == Split.OOD_EXECUTION ? FIXTURE_LIMIT_OOD : FIXTURE_LIMIT;
  }

  /**
   * Whether the target block may start at (x, y): within the training range {@link #BLOCK_LIMIT}
   * in training; outside it, up to {@link #BLOCK_LIMIT_OOD}, in the execution split.
   */
  public boolean targetAllowed(float x, float y) {
    float m = Math.max(Math.abs(x), Math.abs(y));
    return split == Split.OOD_EXECUTION ? m > BLOCK_LIMIT && m <= BLOCK_LIMIT_OOD : m <= BLOCK_LIMIT;
  }

  /** A uniform point in [-limit, limit]². */
  public float[] uniform(float limit) {
    return new float[] {(float) rng.uniform(-limit, limit), (float) rng.uniform(-limit, limit)};
  }

  /** Whether a disc of radius r at (x, y) is clear of all placed discs (and corridors if a block). */
  public boolean free(float x, float y, float r, boolean block) {
    for (float[] d : discs) {
      if (Math.hypot(x - d[0], y - d[1]) < r + d[2] + MARGIN) {
        return false;
      }
    }
    if (block) {
      for (float[] c : corridors) {
        if (segmentDistance(x, y, c) < r + c[4]) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A free spot for a disc of radius r with |x|, |y| at most limit that also satisfies {@code
   * extra}; not yet placed.
   */
  public float[] find(float limit, float r, boolean block, Predicate<float[]> extra) {
    float[] p = uniform(limit);
    for (int t = 1; t < TRIES && !(free(p[0], p[1], r, block) && extra.test(p)); t++) {
      p = uniform(limit);
    }
    return p;
  }

  /** A free spot for a disc of radius r with |x|, |y| at most limit; not yet placed. */
  public float[] find(float limit, float r, boolean block) {
    return find(limit, r, block, q -> true);
  }

  /** Finds a free spot (see {@link #find}) and places a disc there. */
  public float[] sample(float limit, float r, boolean block) {
    float[] p = find(limit, r, block);
    add(p[0], p[1], r);
    return p;
  }

  /** Marks a disc as occupied. */
  public void add(float x, float y, float r) {
    discs.add(new float[] {x, y, r});
  }

  /** Keeps blocks placed later at least r away from the segment (x1, y1)-(x2, y2). */
  public void keepClear(float x1, float y1, float x2, float y2, float r) {
    corridors.add(new float[] {x1, y1, x2, y2, r});
  }

  /** Places the target block (block 0). */
  public void target(float x, float y) {
    target[0] = x;
    target[1] = y;
    add(x, y, BLOCK_R);
  }

  /** Places the goal fixture (fixture 0): a plate or a zone. */
  public void goal(boolean plate, float x, float y) {
    goal[0] = x;
    goal[1] = y;
    goalPlate = plate;
    add(x, y, plate ? PLATE_R : ZONE_R);
  }

  float[] target() {
    return target.clone();
  }

  float[] goal() {
    return goal.clone();
  }

  boolean goalPlate() {
    return goalPlate;
  }

  private static double segmentDistance(float x, float y, float[] c) {
    double vx = c[2] - c[0];
    double vy = c[3] - c[1];
    double len2 = vx * vx + vy * vy;
    double t = len2 == 0 ? 0 : ((x - c[0]) * vx + (y - c[1]) * vy) / len2;
    t = Math.max(0, Math.min(1, t));
    return Math.hypot(x - (c[0] + t * vx), y - (c[1] + t * vy));
  }
}
