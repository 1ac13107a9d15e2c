package ai.vlarl.framework.run;

import java.io.IOException;
import java.nio.file.Path;

/** What listeners may see and do of a running training. */
public interface RunContext {
  ExperimentConfig config();

  /** The run directory. */
  Path runDir();

  /** Iterations completed. */
  long iteration();

  /** Env steps completed. */
  long envSteps();

  /** Wall-clock seconds of training so far, including time before a resume. */
  double wallSeconds();

  /** Writes the complete resumable state into {@code dir} (which exists and is empty). */
  void writeCheckpoint(Path dir) throws IOException;
}
