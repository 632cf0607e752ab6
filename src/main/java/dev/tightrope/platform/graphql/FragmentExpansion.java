package dev.tightrope.platform.graphql;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;

/**
 * How many fields a document's largest operation selects once every fragment spread is replaced by its fragment:
 * the work the engine does to collect its fields, whatever the document's length.
 *
 * <p>Why it is needed beside the complexity limit: a fragment may spread another one twice, and that one the next
 * twice, so a document of a few hundred characters collects 2<sup>n</sup> fields. The engine merges fields with the
 * same name before it counts complexity, so such a document has a complexity of two or three and would pass, after
 * the server spent seconds (or all its memory) collecting them.
 *
 * <p>Each fragment is counted once and remembered, so the count is linear in the document's size. Example:
 * {@code F0 { name role }}, {@code F1 { ...F0 ...F0 }}, {@code F2 { ...F1 ...F1 }} and the operation
 * {@code { viewer { ...F2 } }} count F0 = 2, F1 = 4, F2 = 8, and the operation 1 + 8 = 9. The count stops at the
 * {@code cap} it is given plus one (it never overflows), and at {@value #MAX_FRAGMENT_NESTING} fragments spread inside
 * one another it answers {@code cap + 1} too. Spreads of unknown fragments and cycles count nothing: the engine's
 * validation refuses those documents.
 */
final class FragmentExpansion {

    /** Fragments spread inside one another beyond this are refused whatever they select. */
    static final int MAX_FRAGMENT_NESTING = 100;

    private final Map<String, FragmentDefinition> fragments = new HashMap<>();
    private final Map<String, Long> counted = new HashMap<>();
    private final Set<String> open = new HashSet<>();
    private final long cap;

    private FragmentExpansion(Document document, long cap) {
        this.cap = cap;
        for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
            fragments.putIfAbsent(fragment.getName(), fragment);
        }
    }

    /** The fields of the document's largest operation with its fragments expanded, at most {@code cap + 1}. */
    static long fields(Document document, long cap) {
        FragmentExpansion expansion = new FragmentExpansion(document, cap);
        long largest = 0;
        for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
            largest = Math.max(largest, expansion.count(operation.getSelectionSet()));
        }
        return largest;
    }

    private long count(SelectionSet selections) {
        if (selections == null) {
            return 0;
        }
        long total = 0;
        for (Selection<?> selection : selections.getSelections()) {
            long part = 0;
            if (selection instanceof Field field) {
                part = add(1, count(field.getSelectionSet()));
            } else if (selection instanceof InlineFragment inline) {
                part = count(inline.getSelectionSet());
            } else if (selection instanceof FragmentSpread spread) {
                part = spread(spread.getName());
            }
            total = add(total, part);
            if (total > cap) {
                return total;
            }
        }
        return total;
    }

    private long spread(String name) {
        Long known = counted.get(name);
        if (known != null) {
            return known;
        }
        FragmentDefinition fragment = fragments.get(name);
        if (fragment == null || open.contains(name)) {
            return 0;
        }
        if (open.size() >= MAX_FRAGMENT_NESTING) {
            return cap + 1;
        }
        open.add(name);
        long fields = count(fragment.getSelectionSet());
        open.remove(name);
        counted.put(name, fields);
        return fields;
    }

    private long add(long a, long b) {
        return Math.min(cap + 1, a + b);
    }
}
