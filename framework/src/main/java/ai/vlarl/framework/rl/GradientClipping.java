package ai.vlarl.framework.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;

/**
 * Clipping by global norm (as {@code torch.nn.utils.clip_grad_norm_}); DJL only clips per element.
 *
 * <pre>
 *   total = sqrt( sum over parameters of sum(g^2) )
 *   if total > maxNorm:  g = g * maxNorm / (total + 1e-6)
 * </pre>
 */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales all gradients in place so their global L2 norm is at most {@code maxNorm}.
   *
   * @return the global norm before clipping
   */
  public static double clipGlobalNorm(PairList<String, Parameter> params, double maxNorm) {
    double sq = 0;
    for (var p : params) {
      NDArray w = p.getValue().getArray();
      try (NDManager scope = w.getManager().newSubManager()) {
        NDArray g = Adam.in(scope, w.getGradient());
        NDArray s = Adam.in(scope, Adam.in(scope, g.square()).sum());
        sq += s.getFloat();
      }
    }
    double total = Math.sqrt(sq);
    if (total > maxNorm) {
      double scale = maxNorm / (total + 1e-6);
      for (var p : params) {
        NDArray w = p.getValue().getArray();
        try (NDManager scope = w.getManager().newSubManager()) {
          NDArray g = Adam.in(scope, w.getGradient());
          g.muli((float) scale);
        }
      }
    }
    return total;
  }
}
