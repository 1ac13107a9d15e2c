package ai.vlarl.policies.vla;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level tokenizer of the VLA's prompt, with a fixed, documented vocabulary.
 *
 * <p>The prompt is OpenVLA's: {@code "In: What action should the robot take to
 * {instruction.lower()}?\nOut:"}. It is lowercased and split into words ({@code [a-z0-9]+}), the
 * newline ({@code <nl>}) and single punctuation characters; whitespace separates and is dropped.
 *
 * <p>Vocabulary ({@code vocab.txt} next to this class, format version 1): ids 0–3 are {@code <pad>},
 * {@code <bos>}, {@code <eos>} and {@code <unk>}; then the words of the file in order (the prompt
 * template, punctuation, colors, objects, verbs, function words: every word of the tabletop
 * suite's instruction templates, plus common synonyms); then the 256 action tokens, the
 * last ids, as in OpenVLA ({@link BinTokenizer#vocabId}). A word not in the vocabulary becomes
 * {@code <unk>} (id 3): the instruction still runs, and {@link #unknownWords} lists what was not
 * understood so callers can warn.
 */
public final class InstructionTokenizer {
  public static final int PAD = 0;
  public static final int BOS = 1;
  public static final int EOS = 2;
  public static final int UNK = 3;
  /** The prompt around an instruction (OpenVLA's). */
  public static final String PROMPT_PREFIX = "In: What action should the robot take to ";
  public static final String PROMPT_SUFFIX = "?\nOut:";
  /** Format version of the vocabulary file. */
  public static final int VOCAB_VERSION = 1;

  private static final Pattern TOKEN = Pattern.compile("[a-z0-9]+|\\n|[^\\sa-z0-9]");
  private static final List<String> WORDS = loadWords();
  private static final Map<String, Integer> IDS = index(WORDS);

  /** The tokenizer (stateless). */
  public static final InstructionTokenizer INSTANCE = new InstructionTokenizer();

  private InstructionTokenizer() {}

  /** Special tokens and words, in id order (action tokens not included). */
  public static List<String> words() {
    return WORDS;
  }

  /** Ids of special tokens and words ({@code <pad>} ... last word). */
  public static int textVocabSize() {
    return WORDS.size();
  }

  /** The whole vocabulary: text ids then the 256 action tokens. */
  public static int vocabSize() {
    return WORDS.size() + BinTokenizer.BINS;
  }

  /** Tokens of the prompt template before the instruction ("in : what ... to"). */
  public static int templatePrefixTokens() {
    return INSTANCE.encode(PROMPT_PREFIX).length;
  }

  /** Tokens of the prompt template after the instruction ("? <nl> out :"). */
  public static int templateSuffixTokens() {
    return INSTANCE.encode(PROMPT_SUFFIX).length;
  }

  /** Tokens of {@code instruction}'s prompt, without {@code <bos>}. */
  public int[] encodePrompt(String instruction) {
    return encode(prompt(instruction));
  }

  /** OpenVLA's prompt for {@code instruction}. */
  public static String prompt(String instruction) {
    return PROMPT_PREFIX + instruction.toLowerCase(Locale.ROOT) + PROMPT_SUFFIX;
  }

  /** Token ids of {@code text}; unknown words map to {@code <unk>}. */
  public int[] encode(String text) {
    List<String> pieces = split(text);
    int[] ids = new int[pieces.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = IDS.getOrDefault(pieces.get(i), UNK);
    }
    return ids;
  }

  /** The words of {@code text} that are not in the vocabulary, in order of appearance. */
  public List<String> unknownWords(String text) {
    List<String> out = new ArrayList<>();
    for (String p : split(text)) {
      if (!IDS.containsKey(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The text of token ids (words joined by spaces; {@code <nl>} for the newline). */
  public String decode(int[] ids) {
    StringBuilder b = new StringBuilder();
    for (int id : ids) {
      if (b.length() > 0) {
        b.append(' ');
      }
      if (id >= 0 && id < WORDS.size()) {
        b.append(WORDS.get(id));
      } else if (id >= WORDS.size() && id < vocabSize()) {
        b.append("<act_").append(vocabSize() - 1 - id).append('>');
      } else {
        throw new IllegalArgumentException("token id " + id + " outside [0, " + vocabSize() + ")");
      }
    }
    return b.toString();
  }

  private static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String t = m.group();
      out.add(t.equals("\n") ? "<nl>" : t);
    }
    return out;
  }

  private static List<String> loadWords() {
    List<String> w = new ArrayList<>(List.of("<pad>", "<bos>", "<eos>", "<unk>"));
    try (InputStream in = InstructionTokenizer.class.getResourceAsStream("vocab.txt")) {
      if (in == null) {
        throw new IllegalStateException("vocab.txt missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (w.contains(line)) {
          throw new IllegalStateException("vocab.txt lists '" + line + "' twice");
        }
        w.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Collections.unmodifiableList(w);
  }

  private static Map<String, Integer> index(List<String> words) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < words.size(); i++) {
      m.put(words.get(i), i);
    }
    return m;
  }
}
