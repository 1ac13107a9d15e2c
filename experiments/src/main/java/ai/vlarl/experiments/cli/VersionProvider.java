package ai.vlarl.experiments.cli;

import ai.vlarl.framework.run.Provenance;
import picocli.CommandLine;

/** {@code vlarl --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"vlarl " + Provenance.version(), "git " + Provenance.gitRevision()};
  }
}
