package dev.tightrope.registry.domain;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readable line diffs of component content, in the unified format of {@code diff -u} and {@code git diff}.
 *
 * <p>Worked example, with 1 line of context:
 * <pre>
 * ContentDiff.unified("prompt v1", "Be kind.\nRefund up to $50.\nSign off.",
 *                     "prompt v2", "Be kind.\nRefund up to $500.\nSign off.", 1)
 *
 * --- prompt v1
 * +++ prompt v2
 * &#64;&#64; -1,3 +1,3 &#64;&#64;
 *  Be kind.
 * -Refund up to $50.
 * +Refund up to $500.
 *  Sign off.
 * </pre>
 * {@link #between} also reports 1 line added and 1 removed.
 *
 * <p>Texts are split into lines with {@link String#lines()} (on {@code \n}, {@code \r\n} or {@code \r}); a final
 * line terminator therefore makes no difference, and texts differing only in it give an empty diff.
 */
public final class ContentDiff {

    private static final Pattern HUNK_HEADER = Pattern.compile("^@@ -(\\d+),(\\d+) \\+(\\d+),(\\d+) @@$");

    private ContentDiff() {
    }

    /** The unified diff text alone; see {@link #between}. Empty when the texts have the same lines. */
    public static String unified(String fromLabel, String fromText, String toLabel, String toText,
            int contextLines) {
        return between(fromLabel, fromText, toLabel, toText, contextLines).unified();
    }

    /**
     * Diffs {@code fromText} against {@code toText} (Myers' algorithm, from java-diff-utils).
     *
     * @param fromLabel    the name on the {@code ---} line, e.g. {@code "prompt v13"}
     * @param toLabel      the name on the {@code +++} line
     * @param contextLines unchanged lines shown around each change (3 is what {@code diff -u} uses); hunks closer
     *                     than twice this are merged
     */
    public static TextDiff between(String fromLabel, String fromText, String toLabel, String toText,
            int contextLines) {
        if (contextLines < 0) {
            throw new IllegalArgumentException("contextLines must be >= 0, got " + contextLines);
        }
        List<String> from = fromText.lines().toList();
        List<String> to = toText.lines().toList();
        Patch<String> patch = DiffUtils.diff(from, to);
        if (patch.getDeltas().isEmpty()) {
            return new TextDiff("", 0, 0);
        }
        int added = 0;
        int removed = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            removed += delta.getSource().size();
            added += delta.getTarget().size();
        }
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(fromLabel, toLabel, from, patch, contextLines)
                .stream()
                .map(ContentDiff::fixEmptyRange)
                .toList();
        return new TextDiff(String.join("\n", lines), added, removed);
    }

    /**
     * Rewrites a hunk header's empty range to the GNU convention that {@code patch} and {@code git apply} expect.
     * An empty range names the line <em>after which</em> the change happens, but java-diff-utils prints the line
     * after that: inserting {@code b} between {@code a} and {@code c} gives {@code @@ -2,0 +2,1 @@} where
     * {@code diff -U0} prints {@code @@ -1,0 +2,1 @@}, and a diff from an empty text starts {@code @@ -0,0 +1,3 @@}.
     * Non-empty ranges and non-header lines (which start with ' ', '+' or '-') are returned unchanged.
     */
    private static String fixEmptyRange(String line) {
        Matcher header = HUNK_HEADER.matcher(line);
        if (!header.matches()) {
            return line;
        }
        return "@@ -" + range(header.group(1), header.group(2)) + " +" + range(header.group(3), header.group(4))
                + " @@";
    }

    private static String range(String start, String count) {
        int first = Integer.parseInt(start);
        return (count.equals("0") ? Math.max(0, first - 1) : first) + "," + count;
    }
}
