package dev.tightrope.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.tightrope.testing.GraphQLClient;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.VariableDefinition;
import graphql.parser.Parser;

/**
 * The documents of {@code src/test/resources/graphql/}, parsed: the fuzz cases start from these working examples of
 * every call, so every operation of the API is reached with the shapes real clients send.
 */
public final class TestDocuments {

    /** A variable as declared: its name, its type as written ({@code Int!}) and its default, if any. */
    public record Variable(String name, String type, boolean hasDefault) {

        public boolean nonNull() {
            return type.endsWith("!");
        }

        /** The named type without list or non-null marks. */
        public String baseType() {
            return type.replace("!", "").replace("[", "").replace("]", "");
        }
    }

    /** One document: its file name, text, operation type, root field and declared variables. */
    public record TestDocument(String name, String text, String operation, String rootField,
            List<Variable> variables) {
    }

    private TestDocuments() {
    }

    /** Every document in the folder, in name order. */
    public static List<TestDocument> load() {
        try {
            Path folder = Path.of(TestDocuments.class.getResource("/graphql").toURI());
            List<TestDocument> documents = new ArrayList<>();
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".graphql")) {
                        String document = name.substring(0, name.length() - ".graphql".length());
                        documents.add(parse(document, GraphQLClient.load(document)));
                    }
                }
            }
            return List.copyOf(documents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestDocument parse(String name, String text) {
        Document document = Parser.parse(text);
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        String root = ((Field) operation.getSelectionSet().getSelections().get(0)).getName();
        List<Variable> variables = new ArrayList<>();
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            variables.add(new Variable(definition.getName(), AstPrinter.printAst(definition.getType()),
                    definition.getDefaultValue() != null));
        }
        return new TestDocument(name, text, operation.getOperation().name().toLowerCase(), root,
                List.copyOf(variables));
    }

    /** Whether the text is a syntactically valid GraphQL document (graphql-java's parser, as the server uses). */
    public static boolean parses(String text) {
        try {
            Parser.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
