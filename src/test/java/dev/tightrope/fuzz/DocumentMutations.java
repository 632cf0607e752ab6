package dev.tightrope.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tightrope.fuzz.FuzzCase.Auth;
import dev.tightrope.fuzz.FuzzCase.Expect;
import dev.tightrope.fuzz.TestDocuments.TestDocument;
import dev.tightrope.fuzz.TestDocuments.Variable;

/**
 * Damage done to GraphQL documents: unknown fields and arguments, aliases, fragments, directives with bad
 * arguments, deep nesting, syntax errors, literals at the Int edges, several operations, introspection oddities.
 * The expected outcome follows from the GraphQL specification's validation rules (VALIDATION, nothing runs) or is
 * left open (ANY) when the damaged document is still valid. Route queries are built by {@link RouteDocuments}.
 */
final class DocumentMutations {

    private static final List<String> LITERAL_INTS_INVALID = List.of("4294967297", "2147483648", "-2147483649",
            "99999999999", "1e400", "5.5", "\"50\"", "true", "[1]", "{value: 1}", "ONE");
    private static final List<String> LITERAL_INTS_VALID = List.of("2147483647", "-2147483648", "0", "-0", "1", "2");

    private final Random random;
    private final FuzzWorld world;
    private final RouteDocuments routes;

    DocumentMutations(Random random, FuzzWorld world) {
        this.random = random;
        this.world = world;
        this.routes = new RouteDocuments(random, world);
    }

    FuzzCase routeDifferential(int n) {
        return routes.next(n);
    }

    FuzzCase next(int n, TestDocument document) {
        String text = document.text();
        Map<String, Object> variables = world.validVariables(document.name(), n);
        String root = document.rootField();
        int selection = selectionStart(text, root);
        if (selection < 0) {
            // a scalar root field (unlinkSlackUser): selecting below it is the damage
            int end = text.lastIndexOf('}');
            return FuzzCases.graphql(n, "document:selection-on-scalar:" + document.name(), Expect.VALIDATION,
                    document, text.substring(0, end) + " { __typename } " + text.substring(end), variables,
                    FuzzCases.authFor(document));
        }
        String kind;
        String damaged;
        Expect expect;
        switch (random.nextInt(14)) {
            case 0 -> {
                kind = "unknown-field";
                damaged = insert(text, selection + 1, " fzUnknownField ");
                expect = Expect.VALIDATION;
            }
            case 1 -> {
                kind = "unknown-argument";
                damaged = text.contains(root + "(") ? text.replaceFirst(root + "\\(", root + "(fzBogus: 1, ")
                        : insert(text, selection, "(fzBogus: 1) ");
                expect = Expect.VALIDATION;
            }
            case 2 -> {
                kind = "aliased-root";
                damaged = text.replaceFirst("\\b" + root + "\\b", "fzAlias: " + root);
                expect = Expect.ANY;
            }
            case 3 -> {
                return directive(n, document, text, variables, selection);
            }
            case 4 -> {
                int end = matchingBrace(text, selection);
                String inner = text.substring(selection + 1, end);
                int form = random.nextInt(4);
                kind = List.of("inline-fragment", "fragment-on-unknown-type", "undefined-fragment",
                        "unused-fragment").get(form);
                damaged = switch (form) {
                    case 0 -> text.substring(0, selection + 1) + " ... { " + inner + " } " + text.substring(end);
                    case 1 -> text.substring(0, selection + 1) + " ... on FzNoSuchType { " + inner + " } "
                            + text.substring(end);
                    case 2 -> insert(text, selection + 1, " ...FzMissing ");
                    default -> text + "\nfragment FzUnused on Query { __typename }\n";
                };
                expect = form == 0 ? Expect.ANY : Expect.VALIDATION;
            }
            case 5 -> {
                kind = "fragment-cycle";
                damaged = insert(text, selection + 1, " ...FzA ") + "\nfragment FzA on Query { ...FzB }\n"
                        + "fragment FzB on Query { ...FzA }\n";
                expect = Expect.VALIDATION;
            }
            case 6 -> {
                return deepNesting(n);
            }
            case 7 -> {
                String broken = syntaxDamage(text);
                kind = "syntax-damage";
                damaged = broken;
                expect = TestDocuments.parses(broken) ? Expect.ANY : Expect.VALIDATION;
            }
            case 8 -> {
                return intLiteral(n, document, variables);
            }
            case 9 -> {
                kind = "second-operation-without-operationName";
                damaged = text + "\nquery FzOther { __typename }\n";
                expect = Expect.VALIDATION;
            }
            case 10 -> {
                return introspection(n);
            }
            case 11 -> {
                int copies = 170 + random.nextInt(60);
                StringBuilder wide = new StringBuilder("{");
                for (int i = 0; i < copies; i++) {
                    wide.append(" a").append(i).append(": agents(first: 1) { pageInfo { hasNextPage } }");
                }
                kind = "aliases-x" + copies;
                damaged = wide.append(" }").toString();
                // three fields per copy: over the 500-field limit from 167 copies on
                expect = Expect.VALIDATION;
                variables = Map.of();
            }
            case 12 -> {
                if (random.nextBoolean()) {
                    kind = "conflicting-arguments";
                    damaged = "{ agents(first: 1) { pageInfo { hasNextPage } } agents(first: 2) { pageInfo "
                            + "{ hasNextPage } } }";
                    expect = Expect.VALIDATION;
                    variables = Map.of();
                    break;
                }
                kind = "many-tokens";
                damaged = "{ " + String.join(" ", Collections.nCopies(16_000, "__typename")) + " }";
                expect = Expect.VALIDATION;
                variables = Map.of();
            }
            default -> {
                kind = "same-field-twice";
                int end = matchingBrace(text, selection);
                String inner = text.substring(selection + 1, end);
                damaged = text.substring(0, selection + 1) + inner + " " + inner + text.substring(end);
                expect = Expect.ANY;
            }
        }
        return FuzzCases.graphql(n, "document:" + kind + ":" + document.name(), expect, document, damaged, variables,
                FuzzCases.authFor(document));
    }

    private FuzzCase directive(int n, TestDocument document, String text, Map<String, Object> variables,
            int selection) {
        List<String> valid = List.of("@include(if: true)", "@skip(if: false)");
        List<String> invalid = List.of("@include(if: \"yes\")", "@include", "@skip(if: null)",
                "@include(if: true) @include(if: false)", "@fzUnknown", "@include(if: $fzUndeclared)",
                "@deprecated", "@skip(if: 1)", "@include(if: [true])", "@include(when: true)");
        boolean good = random.nextInt(4) == 0;
        String directive = good ? valid.get(random.nextInt(valid.size()))
                : invalid.get(random.nextInt(invalid.size()));
        // valid directives only where they belong (the root field); invalid ones on the operation too
        String damaged = good || random.nextBoolean() ? insert(text, selection, " " + directive + " ")
                : text.replaceFirst("\\{", Matcher.quoteReplacement(directive + " {"));
        return FuzzCases.graphql(n, "document:directive " + directive + ":" + document.name(),
                good ? Expect.ANY : Expect.VALIDATION, document, damaged, variables, FuzzCases.authFor(document));
    }

    /** agent → versions → edges → node → agent → …, to a random depth around the limit of 15, or far beyond. */
    private FuzzCase deepNesting(int n) {
        int depth = random.nextInt(5) == 0 ? 2_000 + random.nextInt(3_000) : 3 + random.nextInt(30);
        List<String> cycle = List.of("versions", "edges", "node", "agent");
        StringBuilder open = new StringBuilder("{ agent(slug: \"" + world.agent() + "\")");
        int levels = 1;
        for (int i = 0; levels < depth; i++, levels++) {
            open.append(" { ").append(cycle.get(i % cycle.size()));
        }
        open.append(" { __typename }");
        open.append(" }".repeat(levels - 1)).append(" }");
        Expect expect = depth >= 18 ? Expect.VALIDATION : Expect.ANY;
        return new FuzzCase(n, "document:deep-nesting-" + depth, expect, false, FuzzCase.Differential.NONE,
                FuzzCase.HttpCall.graphql(Auth.ADMIN, JsonText.write(Map.of("query", open.toString()))), null);
    }

    /** An Int variable written as a literal instead: the edges of 32 bits, floats, strings. */
    private FuzzCase intLiteral(int n, TestDocument document, Map<String, Object> variables) {
        List<Variable> ints = document.variables().stream().filter(v -> v.baseType().equals("Int")).toList();
        if (ints.isEmpty()) {
            return next(n, document);
        }
        Variable variable = ints.get(random.nextInt(ints.size()));
        boolean valid = random.nextInt(3) == 0;
        String literal = valid ? LITERAL_INTS_VALID.get(random.nextInt(LITERAL_INTS_VALID.size()))
                : LITERAL_INTS_INVALID.get(random.nextInt(LITERAL_INTS_INVALID.size()));
        String text = document.text().replaceFirst("\\$" + variable.name() + "\\s*:\\s*[\\w\\[\\]!]+\\s*,?", "")
                .replaceFirst("\\(\\s*\\)", "").replaceAll("\\$" + variable.name() + "\\b", Matcher.quoteReplacement(literal));
        Map<String, Object> rest = new java.util.HashMap<>(variables);
        rest.remove(variable.name());
        return FuzzCases.graphql(n, "document:literal " + variable.name() + ": " + literal + ":" + document.name(),
                valid ? Expect.ANY : Expect.VALIDATION, document, text, rest, FuzzCases.authFor(document));
    }

    private FuzzCase introspection(int n) {
        List<String[]> documents = List.of(
                new String[] {"{ __schema { types { fields { name } fields { name } } } }", "ANY"},
                new String[] {"{ __type(name: \"Query\") { fields { name } fields { name type { name } } } }", "ANY"},
                new String[] {"{ __type(name: \"Mutation\") { name fields { args { name } } fields { args { type { name } } } } }", "ANY"},
                // graphql-java merges these although their arguments differ (the spec's FieldsInSetCanMerge would
                // refuse them); a read of the schema either way, see docs/fuzzing.md "Known deviations"
                new String[] {"{ __schema { types { fields(includeDeprecated: true) { name } fields(includeDeprecated: false) { name } } } }", "ANY"},
                new String[] {"{ __type(name: 5) { name } }", "VALIDATION"},
                new String[] {"{ __type(name: \"\\u0000\") { name } }", "ANY"},
                new String[] {"{ a: __schema { queryType { name } } b: __schema { queryType { name } } }", "ANY"},
                new String[] {"{ __schema { types { f1: fields { name } f2: fields { name } } } }", "ANY"},
                new String[] {"{ __typename __schema { __typename directives { name args { name } } } }", "ANY"});
        String[] picked = documents.get(random.nextInt(documents.size()));
        return new FuzzCase(n, "document:introspection " + picked[0], Expect.valueOf(picked[1]), false,
                FuzzCase.Differential.NONE, FuzzCase.HttpCall.graphql(Auth.ADMIN,
                        JsonText.write(Map.of("query", picked[0]))), null);
    }

    private String syntaxDamage(String text) {
        int at = random.nextInt(text.length());
        return switch (random.nextInt(4)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1));
            case 2 -> insert(text, at, List.of("{", "}", "(", ")", ":", "$", "\"", "...", "@", "!", "#")
                    .get(random.nextInt(11)));
            default -> insert(text, at, "\u0000");
        };
    }

    /** The index of the '{' that opens the root field's selection set, or -1 when it has none. */
    static int selectionStart(String text, String root) {
        Matcher matcher = Pattern.compile("\\b" + root + "\\b").matcher(text);
        matcher.find();
        int depth = 0;
        for (int i = matcher.end(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '{' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    private static String insert(String text, int at, String what) {
        return text.substring(0, at) + what + text.substring(at);
    }

    static List<String> shuffled(Random random, List<String> items) {
        List<String> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        return copy;
    }
}
