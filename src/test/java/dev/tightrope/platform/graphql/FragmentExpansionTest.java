package dev.tightrope.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import graphql.parser.Parser;

/** Counting the fields an operation collects once its fragments are expanded, without expanding them. */
class FragmentExpansionTest {

    /**
     * {@code { viewer { ...Fn } }} where F0 selects two fields and each further fragment spreads the one before
     * twice: 2<sup>n+1</sup> fields once expanded, in a document of about 60 characters per level.
     */
    static String doubling(int levels) {
        StringBuilder document = new StringBuilder("query { viewer { ...F" + levels + " } }\n"
                + "fragment F0 on Viewer { name role }\n");
        for (int i = 1; i <= levels; i++) {
            document.append("fragment F").append(i).append(" on Viewer { ...F").append(i - 1).append(" ...F")
                    .append(i - 1).append(" }\n");
        }
        return document.toString();
    }

    private static long fields(String document, long cap) {
        return FragmentExpansion.fields(Parser.parse(document), cap);
    }

    @Test
    void eachSpreadCountsItsFragmentAgain() {
        assertThat(fields(doubling(2), 1_000)).isEqualTo(9); // viewer + F2 (F1 twice, F0 four times: 8)
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
        assertThat(fields(doubling(60), 5_000)).isEqualTo(5_001); // 2^61 fields, never computed
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
