package ai.vlarl.drivers.control;

import java.util.ArrayDeque;

/**
 * Open-loop chunk execution: play every action of a chunk in order, then ask again. With {@code
 * prefetch} steps, the next chunk is asked for while that many actions remain, and its actions are
 * queued behind them (hiding inference latency at the price of an observation that much older).
 */
public final class OpenLoopQueue implements ChunkScheduler {
  private final int prefetch;
  private final ArrayDeque<float[]> queue = new ArrayDeque<>();

  public OpenLoopQueue(int prefetch) {
    this.prefetch = prefetch;
  }

  @Override
  public boolean wantsDecision(long step) {
    return queue.size() <= prefetch;
  }

  @Override
  public void accept(float[][] chunk, long decidedAt) {
    for (float[] a : chunk) {
      queue.addLast(a.clone());
    }
  }

  @Override
  public float[] actionFor(long step) {
    return queue.pollFirst();
  }
}
