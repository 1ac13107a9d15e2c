package ai.vlarl.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.framework.config.KeyReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** experiments/CONFIG-KEYS.md is what the config records declare, and every key is explained. */
class ConfigKeysDocTest {
  /** The committed reference, relative to the experiments module (Maven's working directory). */
  private static final Path DOC = Path.of("CONFIG-KEYS.md");

  @Test
  void theCommittedKeyReferenceMatchesTheConfigRecords() throws Exception {
    Assembly assembly = new Assembly();
    String generated = ConfigCommand.keyReferenceMarkdown(assembly.plugins(), assembly.deployer());
    assertEquals(generated, Files.readString(DOC),
        "experiments/CONFIG-KEYS.md is stale: regenerate it with "
            + "./vlarl config --keys --markdown > experiments/CONFIG-KEYS.md");
  }

  @Test
  void everyKeyHasAMeaning() {
    Assembly assembly = new Assembly();
    List<KeyReference.Group> groups = new ArrayList<>(ConfigCommand.experimentKeys(assembly.plugins()).groups());
    groups.addAll(assembly.deployer().keys().groups());
    List<String> bad = new ArrayList<>();
    int n = 0;
    for (KeyReference.Group g : groups) {
      for (KeyReference.Key k : g.keys()) {
        n++;
        if (k.meaning().isBlank()) {
          bad.add(g.heading() + ": " + k.name() + " has no meaning");
        }
      }
    }
    assertTrue(n > 150, "only " + n + " keys found");
    assertEquals(List.of(), bad);
  }
}
