package ai.vlarl.policies.vla;

/**
 * The named sizes of the VLA ({@code policy.size}). Parameter counts below are for 64×64 images,
 * patch 8 (64 patches), 4 action dimensions, chunk 1, no proprio, one vision tower with the
 * conv stem, FiLM (with film order) and the keypoint token on, and the default 32 prompt tokens ({@link VlaArch#parameterCount()}; the VLA tests check the formula
 * against the built network). {@code pool} merges 2×2 patch features into one backbone token
 * (tiny: 16 vision tokens instead of 64, which keeps its backbone sequence short on a CPU).
 *
 * <table>
 *   <caption>sizes</caption>
 *   <tr><th>size</th><th>vision (width × layers, heads)</th><th>pool</th>
 *       <th>backbone (width × layers, heads, MLP)</th><th>value head</th><th>parameters</th></tr>
 *   <tr><td>tiny</td><td>64 × 1, 4</td><td>2</td><td>64 × 2, 4, 172</td><td>64</td><td>268,162</td></tr>
 *   <tr><td>small</td><td>128 × 4, 4</td><td>1</td><td>256 × 6, 8, 688</td><td>256</td><td>6,641,410</td></tr>
 *   <tr><td>base</td><td>256 × 6, 8</td><td>1</td><td>512 × 8, 8, 1376</td><td>512</td><td>35,111,938</td></tr>
 * </table>
 *
 * {@code tiny} trains on two CPU cores in minutes; {@code small} and {@code base} want a GPU.
 */
public enum VlaSize {
  TINY(64, 1, 4, 2, 64, 2, 4, 172, 64),
  SMALL(128, 4, 4, 1, 256, 6, 8, 688, 256),
  BASE(256, 6, 8, 1, 512, 8, 8, 1376, 512);

  final int visionWidth;
  final int visionLayers;
  final int visionHeads;
  final int pool;
  final int width;
  final int layers;
  final int heads;
  final int mlpHidden;
  final int valueHidden;

  VlaSize(
      int visionWidth,
      int visionLayers,
      int visionHeads,
      int pool,
      int width,
      int layers,
      int heads,
      int mlpHidden,
      int valueHidden) {
    this.visionWidth = visionWidth;
    this.visionLayers = visionLayers;
    this.visionHeads = visionHeads;
    this.pool = pool;
    this.width = width;
    this.layers = layers;
    this.heads = heads;
    this.mlpHidden = mlpHidden;
    this.valueHidden = valueHidden;
  }

  /** The parameter count in the table above (tests check it against {@link VlaArch}). */
  public static long documentedParameters(VlaSize s) {
    return switch (s) {
      case TINY -> 268_162L;
      case SMALL -> 6_641_410L;
      case BASE -> 35_111_938L;
    };
  }
}
