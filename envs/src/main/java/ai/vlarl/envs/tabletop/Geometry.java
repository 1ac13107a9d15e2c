package ai.vlarl.envs.tabletop;

/**
 * Dimensions of the tabletop world, in meters. The world frame has its origin at the table's
 * center, x to the right, y away from the third-person camera, z up; the table top is z = 0.
 */
public final class Geometry {
  /** The workspace (and table) spans x, y in [-HALF_TABLE, HALF_TABLE]. */
  public static final float HALF_TABLE = 0.25f;
  /** Highest end-effector position. */
  public static final float Z_MAX = 0.25f;
  /** Lowest end-effector position (the grasp point between the fingertips). */
  public static final float EE_Z_MIN = 0.01f;
  /** End-effector displacement per step for an action of 1 on an axis. */
  public static final float MAX_STEP = 0.02f;
  /** Half the side of a cube (cubes are 4 cm). */
  public static final float BLOCK_HALF = 0.02f;
  /** Horizontal radius of the fingers, for pushing. */
  public static final float FINGER_RADIUS = 0.005f;
  /** A low end-effector closer than this (horizontally) to a block's center pushes the block. */
  public static final float CONTACT_RADIUS = BLOCK_HALF + FINGER_RADIUS;
  /** A closed, empty gripper grasps a block whose center is within this horizontal distance... */
  public static final float GRASP_RADIUS = 0.02f;
  /** ...and within this vertical distance. */
  public static final float GRASP_DZ = 0.02f;
  /** Radius of a round plate. */
  public static final float PLATE_RADIUS = 0.05f;
  /** Height of a plate's top surface. */
  public static final float PLATE_HEIGHT = 0.01f;
  /** Half the side of a square zone (painted on the table, no height). */
  public static final float ZONE_HALF = 0.05f;
  /** Reach succeeds when the end-effector is closer than this to the target block's center. */
  public static final float REACH_TOLERANCE = 0.03f;
  /** Finger half-spacing of an open gripper (rendering). */
  public static final float OPEN_SPREAD = 0.04f;

  private Geometry() {}
}
