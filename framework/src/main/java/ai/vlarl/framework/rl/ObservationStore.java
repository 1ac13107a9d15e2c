package ai.vlarl.framework.rl;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;

/**
 * Preallocated storage for up to {@code capacity} observation rows, filled batch by batch and read
 * back by arbitrary row indices (minibatches). Buffers are allocated on the first append, from that
 * batch's shapes, and reused after {@link #clear()}.
 */
public final class ObservationStore {
  private final int capacity;
  private HostArray state;
  private HostArray image;
  private HostArray wrist;
  private HostArray proprio;
  private String[] instructions;
  private int[] taskIds;
  private int size;
  private boolean hasInstructions;
  private boolean hasTasks;

  public ObservationStore(int capacity) {
    this.capacity = capacity;
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  /** Appends all rows of {@code obs}. */
  public void append(Observations obs) {
    if (state == null && image == null && proprio == null && instructions == null) {
      allocate(obs);
    }
    if (size + obs.size() > capacity) {
      throw new IllegalStateException("observation store full: " + capacity + " rows");
    }
    put(state, obs.state(), "state");
    put(image, obs.image(), "image");
    put(wrist, obs.wristImage(), "wrist image");
    put(proprio, obs.proprio(), "proprio");
    if (hasInstructions) {
      System.arraycopy(obs.instructions(), 0, instructions, size, obs.size());
    }
    if (hasTasks) {
      System.arraycopy(obs.taskIds(), 0, taskIds, size, obs.size());
    }
    size += obs.size();
  }

  private void put(HostArray dst, HostArray src, String what) {
    if ((dst == null) != (src == null)) {
      throw new IllegalArgumentException("observation batch changed its parts (" + what + ")");
    }
    if (dst != null) {
      dst.putRows(size, src);
    }
  }

  private void allocate(Observations obs) {
    state = like(obs.state());
    image = like(obs.image());
    wrist = like(obs.wristImage());
    proprio = like(obs.proprio());
    hasInstructions = obs.instructions() != null;
    hasTasks = obs.taskIds() != null;
    instructions = hasInstructions ? new String[capacity] : null;
    taskIds = hasTasks ? new int[capacity] : null;
  }

  private HostArray like(HostArray a) {
    if (a == null) {
      return null;
    }
    int[] s = a.shape();
    s[0] = capacity;
    return HostArray.allocate(a.dtype(), s);
  }

  /** Rows {@code rows} (indices below {@link #size()}) as a batch. */
  public Observations gather(int[] rows) {
    for (int r : rows) {
      if (r >= size) {
        throw new IndexOutOfBoundsException("row " + r + " of " + size);
      }
    }
    String[] instr = null;
    int[] tasks = null;
    if (hasInstructions) {
      instr = new String[rows.length];
      for (int i = 0; i < rows.length; i++) {
        instr[i] = instructions[rows[i]];
      }
    }
    if (hasTasks) {
      tasks = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        tasks[i] = taskIds[rows[i]];
      }
    }
    return new Observations(rows.length,
        state == null ? null : state.gather(rows),
        image == null ? null : image.gather(rows),
        wrist == null ? null : wrist.gather(rows),
        proprio == null ? null : proprio.gather(rows),
        instr, tasks);
  }
}
