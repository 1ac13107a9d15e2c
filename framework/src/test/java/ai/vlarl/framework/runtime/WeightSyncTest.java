package ai.vlarl.framework.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.ActionTokenizer;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Versioned weights: the rollout copy only ever holds one complete version. */
class WeightSyncTest {

  /** A policy whose weights are W floats, all set to one value per "update"; saving is slow. */
  static final class ArrayPolicy implements Policy {
    final float[] w;

    ArrayPolicy(int size) {
      w = new float[size];
    }

    void setAll(float v) {
      java.util.Arrays.fill(w, v);
    }

    @Override
    public void saveParameters(DataOutputStream out) throws IOException {
      out.writeInt(w.length);
      for (int i = 0; i < w.length; i++) {
        out.writeFloat(w[i]);
        if (i % 64 == 0) {
          Thread.yield(); // a slow writer: a reader of a shared buffer would catch it half way
        }
      }
    }

    @Override
    public void loadParameters(DataInputStream in) throws IOException {
      int n = in.readInt();
      if (n != w.length) {
        throw new IOException("size " + n);
      }
      for (int i = 0; i < n; i++) {
        w[i] = in.readFloat();
      }
    }

    @Override public int chunk() { return 1; }
    @Override public int actionDim() { return 1; }
    @Override public ActionTokenizer tokenizer() { return null; }
    @Override public PolicyStep act(Observations obs, boolean greedy, Rng rng) { throw new UnsupportedOperationException(); }
    @Override public float[] value(Observations obs) { throw new UnsupportedOperationException(); }
    @Override public Evaluation evaluate(NDManager m, Observations obs, HostArray t) { throw new UnsupportedOperationException(); }
    @Override public PairList<String, Parameter> parameters() { return new PairList<>(); }
    @Override public void close() {}
  }

  @Test
  void versionsCountPublicationsAndTheReplicaLoadsOnlyNewOnes() {
    ArrayPolicy learner = new ArrayPolicy(3);
    ArrayPolicy copy = new ArrayPolicy(3);
    VersionedWeights store = new VersionedWeights();
    PolicyReplica replica = new PolicyReplica(copy, store);
    assertNull(store.latest());
    assertEquals(-1, store.version());
    assertThrows(IllegalStateException.class, replica::refresh);

    learner.setAll(1.5f);
    assertEquals(0, store.publish(learner)); // the initial weights are version 0
    learner.setAll(9f); // training on after publishing does not touch version 0
    assertEquals(0, replica.refresh());
    assertEquals(1.5f, copy.w[2]);
    copy.setAll(-1f); // the same version is not loaded twice
    assertEquals(0, replica.refresh());
    assertEquals(-1f, copy.w[0]);
    assertEquals(1, store.publish(learner));
    assertEquals(4 + 3 * 4, store.latest().size()); // int count + 3 floats
    assertEquals(1, replica.refresh());
    assertEquals(9f, copy.w[1]);
  }

  @Test
  void aReaderNeverSeesHalfWrittenWeights() throws Exception {
    // the learner publishes versions 0..99, version v having every weight = v; a reader thread
    // keeps refreshing its copy meanwhile and checks each load is one whole version
    int size = 4096;
    ArrayPolicy learner = new ArrayPolicy(size);
    VersionedWeights store = new VersionedWeights();
    learner.setAll(0f);
    store.publish(learner);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> problem = new AtomicReference<>();
    int[] loads = {0};
    Thread reader = new Thread(() -> {
      PolicyReplica replica = new PolicyReplica(new ArrayPolicy(size), store);
      ArrayPolicy copy = (ArrayPolicy) replica.policy();
      long last = -1;
      while (!done.get() && problem.get() == null) {
        long v = replica.refresh();
        if (v < last) {
          problem.set("version went back from " + last + " to " + v);
        }
        if (v != last) {
          loads[0]++;
          for (int i = 0; i < size; i++) {
            if (copy.w[i] != v) {
              problem.set("version " + v + " holds weight[" + i + "] = " + copy.w[i]);
              break;
            }
          }
        }
        last = v;
      }
    });
    reader.start();
    for (int v = 1; v < 100; v++) {
      learner.setAll(v);
      assertEquals(v, store.publish(learner));
    }
    done.set(true);
    reader.join(30_000);
    assertNull(problem.get(), problem.get());
    assertTrue(loads[0] >= 2, "the reader loaded several versions while they were published: " + loads[0]);
  }
}
