package ai.vlarl.framework.config;

import java.util.Collection;
import java.util.Optional;

/** Finds the closest known name to a misspelled one (Levenshtein distance). */
public final class Suggest {
  private Suggest() {}

  /** The known name nearest {@code word}, if it is within a plausible typo distance. */
  public static Optional<String> closest(String word, Collection<String> known) {
    String best = null;
    int bestDist = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(word, k);
      if (d < bestDist) {
        bestDist = d;
        best = k;
      }
    }
    int allowed = Math.max(2, word.length() / 3);
    return best != null && bestDist <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein edit distance. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
