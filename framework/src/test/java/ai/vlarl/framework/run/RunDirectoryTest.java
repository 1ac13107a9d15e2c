package ai.vlarl.framework.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a failed run's cleanup removes, and what it must leave. */
class RunDirectoryTest {
  @TempDir Path tmp;

  @Test
  void theParentsItMadeGoOnlyWhileEmpty() throws Exception {
    RunDirectory.Claim alone = RunDirectory.create(tmp.resolve("a/b/run"));
    alone.discard();
    assertFalse(Files.exists(tmp.resolve("a")), "every directory it made, when nothing else is there");

    // a sweep: two runs made under a parent that did not exist; one fails, the other keeps its files
    RunDirectory.Claim failed = RunDirectory.create(tmp.resolve("sweep/seed1"));
    RunDirectory.Claim other = RunDirectory.create(tmp.resolve("sweep/seed2"));
    Files.writeString(other.dir().resolve("metrics.jsonl"), "{}\n");
    failed.discard();
    assertFalse(Files.exists(tmp.resolve("sweep/seed1")));
    assertTrue(Files.isRegularFile(tmp.resolve("sweep/seed2/metrics.jsonl")), "the other run stays");
  }

  @Test
  void aDirectoryThatExistedEmptyIsEmptiedNotRemoved() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("given"));
    RunDirectory.Claim c = RunDirectory.create(dir);
    Files.writeString(dir.resolve("config.yaml"), "x");
    c.discard();
    assertTrue(Files.isDirectory(dir));
    try (var s = Files.list(dir)) {
      assertFalse(s.findAny().isPresent());
    }
  }

  @Test
  void aRunWithMetricsIsKeptAfterAFailure() throws Exception {
    RunDirectory.Claim c = RunDirectory.create(tmp.resolve("trained"));
    Files.writeString(c.dir().resolve(JsonlMetrics.FILE), "{\"iteration\":1}\n");
    c.discardUnlessCheckpointed(new RuntimeException("the final evaluation failed"));
    assertTrue(Files.isRegularFile(c.dir().resolve(JsonlMetrics.FILE)));
    RunDirectory.Claim nothing = RunDirectory.create(tmp.resolve("nothing"));
    Files.writeString(nothing.dir().resolve("config.yaml"), "x");
    nothing.discardUnlessCheckpointed(new RuntimeException("the env did not start"));
    assertFalse(Files.exists(nothing.dir()));
  }

  @Test
  void theCheckedPathIsTheOneCreatedAndCleaned() throws Exception {
    Path full = Files.createDirectories(tmp.resolve("x"));
    Files.writeString(full.resolve("keep"), "data");
    // "absent/../x" names x, which is not empty: refused, whatever the missing "absent" suggests
    assertThrows(UserException.class, () -> RunDirectory.create(tmp.resolve("absent/../x")));
    assertTrue(Files.isRegularFile(full.resolve("keep")));
  }
}
