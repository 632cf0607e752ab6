package dev.tightrope.release.graphql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import graphql.language.Argument;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.NonNullType;
import graphql.language.NullValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.validation.Validator;

/**
 * Decides whether a GraphQL document is a plain {@code route} query that {@link RouteFastPath} can answer, and
 * compiles it into a {@link RouteQueryPlan}.
 *
 * <p>Only the simplest shape is taken; anything else is left to the engine, which stays the reference: one
 * anonymous or named query operation without directives; its only selection the {@code route} field, with
 * arguments given as string literals, {@code null} (routing key only) or variables declared {@code String} /
 * {@code String!} without default; below it, only fields of RouteDecision that the answer writer knows, each
 * without arguments, directives or sub-selection, and no response key twice. The document must also pass the
 * engine's own validation against the live schema, so a compiled document is one the engine would have executed.
 */
final class RouteQueryCompiler {

    private static final String ROUTE = "route";

    private final GraphQLSchema schema;
    private final Set<String> knownFields;
    private final int maxFields;

    RouteQueryCompiler(GraphQLSchema schema, Set<String> knownFields, int maxFields) {
        this.schema = schema;
        this.knownFields = knownFields;
        this.maxFields = maxFields;
    }

    Optional<RouteQueryPlan> compile(String text) {
        Document document;
        try {
            document = Parser.parse(text);
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
        List<Definition> definitions = document.getDefinitions();
        if (definitions.size() != 1 || !(definitions.get(0) instanceof OperationDefinition operation)
                || operation.getOperation() != OperationDefinition.Operation.QUERY
                || !operation.getDirectives().isEmpty()
                || operation.getSelectionSet().getSelections().size() != 1
                || !(operation.getSelectionSet().getSelections().get(0) instanceof Field root)
                || !ROUTE.equals(root.getName()) || !root.getDirectives().isEmpty()
                || root.getSelectionSet() == null) {
            return Optional.empty();
        }
        Map<String, Boolean> variables = variables(operation);
        if (variables == null) {
            return Optional.empty();
        }
        Map<String, RouteQueryPlan.Argument> arguments = arguments(root, variables);
        List<RouteQueryPlan.SelectedField> fields = fields(root);
        if (arguments == null || fields == null || fields.size() + 1 > maxFields
                || !new Validator().validateDocument(schema, document, Locale.ENGLISH).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RouteQueryPlan(operation.getName(),
                root.getAlias() == null ? ROUTE : root.getAlias(), arguments.get("agent"),
                arguments.get("environment"), arguments.getOrDefault("routingKey", new RouteQueryPlan.Literal(null)),
                List.copyOf(fields)));
    }

    /** Variable name to "nullable", or null when a variable is not a plain String without default. */
    private static Map<String, Boolean> variables(OperationDefinition operation) {
        Map<String, Boolean> variables = new HashMap<>();
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            Type<?> type = definition.getType();
            boolean nullable = !(type instanceof NonNullType);
            Type<?> named = nullable ? type : ((NonNullType) type).getType();
            if (!(named instanceof TypeName name) || !"String".equals(name.getName())
                    || definition.getDefaultValue() != null || !definition.getDirectives().isEmpty()) {
                return null;
            }
            variables.put(definition.getName(), nullable);
        }
        return variables;
    }

    private static Map<String, RouteQueryPlan.Argument> arguments(Field root, Map<String, Boolean> variables) {
        Map<String, RouteQueryPlan.Argument> arguments = new HashMap<>();
        for (Argument argument : root.getArguments()) {
            Value<?> value = argument.getValue();
            RouteQueryPlan.Argument compiled;
            if (value instanceof StringValue literal) {
                compiled = new RouteQueryPlan.Literal(literal.getValue());
            } else if (value instanceof NullValue) {
                compiled = new RouteQueryPlan.Literal(null);
            } else if (value instanceof VariableReference reference && variables.containsKey(reference.getName())) {
                compiled = new RouteQueryPlan.Variable(reference.getName(), variables.get(reference.getName()));
            } else {
                return null;
            }
            arguments.put(argument.getName(), compiled);
        }
        return arguments.containsKey("agent") && arguments.containsKey("environment") ? arguments : null;
    }

    private List<RouteQueryPlan.SelectedField> fields(Field root) {
        List<RouteQueryPlan.SelectedField> fields = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Selection<?> selection : root.getSelectionSet().getSelections()) {
            if (!(selection instanceof Field field) || !knownFields.contains(field.getName())
                    || !field.getArguments().isEmpty() || !field.getDirectives().isEmpty()
                    || field.getSelectionSet() != null) {
                return null;
            }
            String key = field.getAlias() == null ? field.getName() : field.getAlias();
            if (!keys.add(key)) {
                return null;
            }
            fields.add(new RouteQueryPlan.SelectedField(key, field.getName()));
        }
        return fields.isEmpty() ? null : fields;
    }
}
