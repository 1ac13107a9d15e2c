package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionTokenizerTest {
  private final InstructionTokenizer tok = InstructionTokenizer.INSTANCE;

  @Test
  void vocabularyStartsWithSpecialsAndEndsWithActionTokens() {
    List<String> w = InstructionTokenizer.words();
    assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>"), w.subList(0, 4));
    assertEquals("in", w.get(4)); // the prompt template comes first in vocab.txt
    assertEquals(w.size() + 256, InstructionTokenizer.vocabSize());
    int v = InstructionTokenizer.vocabSize();
    assertEquals("<act_0> <act_255>", tok.decode(new int[] {v - 1, v - 256}));
  }

  @Test
  void promptIsOpenVlasTemplateWordByWord() {
    String text = tok.decode(tok.encodePrompt("Put the RED block on the blue plate"));
    assertEquals(
        "in : what action should the robot take to put the red block on the blue plate ? <nl> out :",
        text);
    int[] ids = tok.encodePrompt("reach the red block");
    // "in" ":" "what" "action" "should" "the" "robot" "take" "to" = ids 4..12, in file order
    assertArrayEquals(new int[] {4, 5, 6, 7, 8, 9, 10, 11, 12}, java.util.Arrays.copyOf(ids, 9));
    assertEquals(9 + 4 + 4, ids.length); // template, 4 words, "?" <nl> "out" ":"
  }

  @Test
  void unknownWordsBecomeUnkAndAreReported() {
    int[] ids = tok.encode("grab the magenta widget");
    assertEquals(InstructionTokenizer.UNK, ids[2]);
    assertEquals(InstructionTokenizer.UNK, ids[3]);
    assertTrue(ids[0] != InstructionTokenizer.UNK && ids[1] != InstructionTokenizer.UNK);
    assertEquals(List.of("magenta", "widget"), tok.unknownWords("grab the Magenta widget"));
    assertEquals(List.of(), tok.unknownWords("Push the yellow cube into the green zone."));
  }

  @Test
  void punctuationAndNumbersSplitIntoTokens() {
    // "2nd" is one word ([a-z0-9]+), unknown
    assertEquals("reach , the <unk> block !", tok.decode(tok.encode("reach, the 2nd block!")));
  }
}
