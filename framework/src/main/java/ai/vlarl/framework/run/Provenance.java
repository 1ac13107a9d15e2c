package ai.vlarl.framework.run;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Where a checkpoint came from: vlarl version, git revision, seed, time, Java version. */
public final class Provenance {
  private Provenance() {}

  /** The vlarl version from the build. */
  public static String version() {
    try (InputStream in = Provenance.class.getResourceAsStream("/vlarl.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** {@code git rev-parse HEAD} of the working directory (with "-dirty" if modified), or "unknown". */
  public static String gitRevision() {
    String rev = git("rev-parse", "HEAD");
    if (rev == null) {
      return "unknown";
    }
    String status = git("status", "--porcelain", "--untracked-files=no");
    return status != null && !status.isBlank() ? rev + "-dirty" : rev;
  }

  private static String git(String... args) {
    try {
      String[] cmd = new String[args.length + 1];
      cmd[0] = "git";
      System.arraycopy(args, 0, cmd, 1, args.length);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 ? out : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The provenance record of a checkpoint. */
  public static Map<String, Object> of(long seed, long envSteps) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vlarl_version", version());
    m.put("git_revision", gitRevision());
    m.put("seed", seed);
    m.put("env_steps", envSteps);
    m.put("created", java.time.Instant.now().toString());
    m.put("java", System.getProperty("java.version"));
    return m;
  }
}
