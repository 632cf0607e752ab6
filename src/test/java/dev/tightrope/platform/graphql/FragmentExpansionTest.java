package dev.tightrope.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import graphql.parser.Parser;

/** Counting the fields an operation collects once its fragments are expanded, without expanding them. */
class FragmentExpansionTest {

    private static long fields(String document, long cap) {
        return FragmentExpansion.fields(Parser.parse(document), cap);
    }

    @Test
    void eachSpreadCountsItsFragmentAgain() {
        String doubling = "{ viewer { ...F2 } } fragment F0 on Viewer { name role } "
                + "fragment F1 on Viewer { ...F0 ...F0 } fragment F2 on Viewer { ...F1 ...F1 }";
        assertThat(fields(doubling, 1_000)).isEqualTo(9); // viewer + 8
    }

    @Test
    void fieldsInlineFragmentsAndNestingCount() {
        assertThat(fields("{ a { b c { d } ... on X { e } } }", 1_000)).isEqualTo(5);
    }

    @Test
    void theLargestOperationCounts() {
        assertThat(fields("query A { a } query B { a b c }", 1_000)).isEqualTo(3);
    }

    @Test
    void theCountStopsJustOverTheCapWithoutOverflowing() {
        StringBuilder document = new StringBuilder("{ viewer { ...F60 } } fragment F0 on Viewer { name }");
        for (int i = 1; i <= 60; i++) {
            document.append(" fragment F").append(i).append(" on Viewer { ...F").append(i - 1).append(" ...F")
                    .append(i - 1).append(" }");
        }
        assertThat(fields(document.toString(), 5_000)).isEqualTo(5_001); // 2^60 fields, never computed
    }

    @Test
    void unknownFragmentsAndCyclesCountNothingTheEngineRefusesThem() {
        assertThat(fields("{ a ...Missing }", 100)).isEqualTo(1);
        assertThat(fields("{ a { ...X } } fragment X on T { b ...Y } fragment Y on T { c ...X }", 100)).isEqualTo(3);
    }

    @Test
    void fragmentsNestedTooDeepAreOverTheCap() {
        StringBuilder chain = new StringBuilder("{ a { ...F0 } }");
        for (int i = 0; i <= FragmentExpansion.MAX_FRAGMENT_NESTING; i++) {
            chain.append(" fragment F").append(i).append(" on T { x").append(i)
                    .append(i < FragmentExpansion.MAX_FRAGMENT_NESTING ? " ...F" + (i + 1) : "").append(" }");
        }
        assertThat(fields(chain.toString(), 5_000)).isEqualTo(5_001);
    }
}
