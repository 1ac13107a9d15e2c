package ai.vlarl.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} renders: picocli formats descriptions, so a bare % breaks them. */
class HelpTextTest {

  @Test
  void everyCommandsHelpRendersWithoutFormatWarnings() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CommandLine root = Vlarl.commandLine();
      check(root);
    } finally {
      System.setErr(err);
    }
    String warnings = captured.toString(StandardCharsets.UTF_8);
    assertFalse(warnings.contains("Could not format"), warnings);
  }

  private static void check(CommandLine cmd) {
    String usage = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertTrue(usage.contains("Usage: "), cmd.getCommandName() + ": " + usage);
    assertFalse(usage.contains("%n"), cmd.getCommandName() + " help shows a raw %n:\n" + usage);
    // a description written as lines (of up to Vlarl.DESCRIPTION_LINE_MAX characters) shows each
    // line whole, not broken in two; a description that is one long paragraph is wrapped
    for (String element : cmd.getCommandSpec().usageMessage().description()) {
      for (String line : element.split("%n")) {
        String shown = line.replace("%%", "%").strip();
        if (!shown.isEmpty() && shown.length() <= Vlarl.DESCRIPTION_LINE_MAX) {
          assertTrue(usage.contains(shown), cmd.getCommandName() + " help breaks the line\n" + shown + "\n" + usage);
        }
      }
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      // the parent's command list shows only the first line of a description written as lines
      String[] description = sub.getCommandSpec().usageMessage().description();
      if (description.length > 1) {
        String first = description[0].strip();
        assertTrue(first.endsWith("."), sub.getCommandName() + "'s first description line, all that "
            + cmd.getCommandName() + "'s command list shows, is not a whole sentence: " + first);
      }
      check(sub);
    }
  }
}
