package ai.vlarl.envs.tabletop;

import org.nd4j.linalg.api.ndarray.INDArray;

/** ND4J housekeeping. */
final class Nd {
  private Nd() {}

  /** Frees the native memory of arrays that own it (views and freed arrays are skipped). */
  static void close(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a != null && a.closeable()) {
        a.close();
      }
    }
  }
}
