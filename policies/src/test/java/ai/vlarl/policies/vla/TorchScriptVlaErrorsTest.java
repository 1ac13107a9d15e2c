package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.policies.Fixtures;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code policy.kind: vla-torchscript} fails with one clear error naming what was
 * wrong: missing files, a damaged or foreign {@code vla.json}, an architecture that does not fit
 * the env, a {@code model.pt} that is no TorchScript module, training a frozen export, images of
 * the wrong size. Only the last two need PyTorch (a real export); the rest write {@code vla.json}
 * by hand, as export.py writes it.
 */
class TorchScriptVlaErrorsTest {
  private static final VlaArch ARCH = TorchScriptExports.PARALLEL_ARCH;
  private static final EnvSpec FITS = Fixtures.imageEnv(16, 5, false, 1, 3, 4);
  private static final Gson GSON = new GsonBuilder().create();

  /** {@code vla.json} as export.py writes it for {@link #ARCH}, then changed by {@code edit}. */
  private static Path export(Path dir, Consumer<JsonObject> edit) throws IOException {
    JsonObject o = new JsonObject();
    o.addProperty("format", TorchScriptExport.FORMAT);
    o.add("arch", GSON.toJsonTree(ARCH.toMap()));
    o.addProperty("decoding", "parallel");
    JsonObject stats = new JsonObject();
    stats.add("q01", GSON.toJsonTree(new float[] {-1, -1, -1}));
    stats.add("q99", GSON.toJsonTree(new float[] {1, 1, 1}));
    stats.add("mask", GSON.toJsonTree(new boolean[] {true, true, true}));
    o.add("action_stats", stats);
    o.add("vocab", GSON.toJsonTree(InstructionTokenizer.words()));
    edit.accept(o);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(TorchScriptExport.META_FILE), o.toString());
    Files.write(dir.resolve(TorchScriptExport.MODEL_FILE), new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'z', 'i', 'p'});
    return dir;
  }

  private static String fails(Path dir, EnvSpec env) {
    return fails(dir.toString(), env);
  }

  private static String fails(String path, EnvSpec env) {
    UserException e = assertThrows(UserException.class, () -> new TorchScriptVlaFactory()
        .create(new TorchScriptVlaConfig(path, 1.0, true), env, 0).close());
    return e.getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + p + "' not in: " + message);
    }
  }

  @Test
  void readsTheHandWrittenExportAsExportPyWritesIt(@TempDir Path dir) throws IOException {
    TorchScriptExport e = TorchScriptExport.read(export(dir, o -> {}));
    assertEquals(ARCH, e.arch());
    assertEquals(VlaConfig.Decoding.PARALLEL, e.decoding());
    assertEquals(dir.resolve("model.pt"), e.model());
    // the model.pt itself is accepted as the path too
    assertEquals(ARCH, TorchScriptExport.read(dir.resolve("model.pt")).arch());
  }

  @Test
  void missingPathsAndFilesAreNamed(@TempDir Path dir) throws IOException {
    assertMentions(fails("", FITS), "policy.path is empty", "export.py");
    assertMentions(fails(dir.resolve("nowhere"), FITS), "nowhere", "no such directory");
    export(dir.resolve("a"), o -> {});
    Files.delete(dir.resolve("a/model.pt"));
    assertMentions(fails(dir.resolve("a"), FITS), "model.pt is missing");
    export(dir.resolve("b"), o -> {});
    Files.delete(dir.resolve("b/vla.json"));
    assertMentions(fails(dir.resolve("b"), FITS), "vla.json is missing");
  }

  @Test
  void aDamagedOrForeignVlaJsonNamesTheField(@TempDir Path dir) throws IOException {
    assertMentions(fails(export(dir.resolve("a"), o -> o.addProperty("format", "something/2")), FITS),
        "format 'something/2'", TorchScriptExport.FORMAT);
    assertMentions(fails(export(dir.resolve("b"), o -> o.getAsJsonObject("arch").remove("imageSize")), FITS),
        "arch.imageSize is missing");
    assertMentions(fails(export(dir.resolve("c"), o -> o.getAsJsonObject("arch").addProperty("fused", "yes")), FITS),
        "arch.fused", "not a boolean");
    assertMentions(fails(export(dir.resolve("d"), o -> o.getAsJsonObject("arch").addProperty("patch", 5)), FITS),
        "invalid arch", "not a multiple of the patch size 5");
    assertMentions(fails(export(dir.resolve("e"), o -> o.addProperty("decoding", "beam")), FITS),
        "decoding 'beam'");
    assertMentions(fails(export(dir.resolve("f"), o -> o.getAsJsonObject("action_stats").remove("q99")), FITS),
        "action_stats");
    assertMentions(fails(export(dir.resolve("g"), o -> {
      JsonArray v = o.getAsJsonArray("vocab");
      v.set(5, GSON.toJsonTree("zebra"));
    }), FITS), "another vocabulary", "token id 5", "'zebra'");
    assertMentions(fails(export(dir.resolve("h"), o -> o.getAsJsonObject("arch").addProperty("vocabSize", 999)), FITS),
        "arch.vocabSize 999");
    Files.writeString(dir.resolve("h/vla.json"), "[1, 2");
    assertMentions(fails(dir.resolve("h"), FITS), "vla.json is not a JSON object");
  }

  @Test
  void anArchitectureThatDoesNotFitTheEnvIsRefusedBeforeLoading(@TempDir Path dir) throws IOException {
    Path p = export(dir, o -> {});
    assertMentions(fails(p, Fixtures.imageEnv(32, 5, false, 1, 3, 4)),
        "arch.imageSize=16", "32x32");
    assertMentions(fails(p, Fixtures.stateEnv(4, 3, 4)), "arch.imageSize=16", "no images");
    assertMentions(fails(p, Fixtures.imageEnv(16, 5, false, 1, 4, 4)),
        "arch.actionDim=3", "4 action dimensions");
    assertMentions(fails(p, Fixtures.imageEnv(16, 0, false, 1, 3, 4)),
        "arch.proprioDim=5", "no proprio vector");
    assertMentions(fails(p, Fixtures.imageEnv(16, 7, false, 1, 3, 4)),
        "arch.proprioDim=5", "proprio of 7");
    assertMentions(fails(p, Fixtures.imageEnv(16, 5, false, 1, 3, 1)),
        "arch.chunk=2", "(1)");
    assertMentions(fails(p, Fixtures.env(
        new ai.vlarl.framework.env.ObservationSpec(0, 16, 16, false, 5, false), 3, 4, 1)),
        "language instruction");
  }

  @Test
  void aModelFileThatIsNoTorchScriptModuleIsNamed(@TempDir Path dir) throws IOException {
    Path p = export(dir, o -> {}); // model.pt holds a few bytes of text
    assertMentions(fails(p, FITS), dir.resolve("model.pt").toString(), "cannot be loaded as a TorchScript module");
  }

  @Test
  void aFrozenExportActsButRefusesTraining() {
    TorchScriptExports.requireTorch();
    Path dir = TorchScriptExports.randomParallel();
    try (TorchScriptVla p = (TorchScriptVla) new TorchScriptVlaFactory()
        .create(new TorchScriptVlaConfig(dir.toString(), 1.0, false), FITS, 0)) {
      Observations obs = VlaFixtures.obs(ARCH, 2, 1);
      PolicyStep s = p.act(obs, false, new Rng(3));
      assertEquals(List.of(2, 2, 3), List.of(s.actions().dim(0), s.actions().dim(1), s.actions().dim(2)));
      assertMentions(assertThrows(UserException.class, p::parameters).getMessage(),
          "policy.trainable=false", "training");
      try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
        assertMentions(assertThrows(UserException.class,
            () -> p.evaluate(m, obs, s.tokens())).getMessage(), "policy.trainable=false", "evaluate");
      }
      // images of another size: the same check as the Java policy's, naming the expected shape
      Observations big = new Observations(1, null, HostArray.ofBytes(new byte[32 * 32 * 3], 1, 32, 32, 3),
          null, HostArray.ofFloats(new float[5], 1, 5), new String[] {"reach the red block"}, null);
      assertMentions(assertThrows(IllegalArgumentException.class, () -> p.act(big, true, null)).getMessage(),
          "UINT8[N, 16, 16, 3]");
    }
  }
}
