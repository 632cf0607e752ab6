package dev.tightrope.registry.domain;

/**
 * A line diff between two texts, as produced by {@link ContentDiff#between}.
 *
 * @param unified      the unified diff ({@code --- from}, {@code +++ to}, {@code @@ -1,3 +1,3 @@} hunks), lines
 *                     joined with {@code "\n"} and no trailing newline; empty when the texts have the same lines
 * @param linesAdded   lines only in the new text (the {@code +} lines)
 * @param linesRemoved lines only in the old text (the {@code -} lines); a changed line counts once in each
 */
public record TextDiff(String unified, int linesAdded, int linesRemoved) {

    /** True when the two texts had the same lines. */
    public boolean isEmpty() {
        return unified.isEmpty();
    }
}
