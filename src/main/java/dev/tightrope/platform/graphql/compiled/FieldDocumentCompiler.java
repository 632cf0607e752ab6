package dev.tightrope.platform.graphql.compiled;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tightrope.platform.graphql.GraphQLLimits;
import graphql.language.Argument;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.IntValue;
import graphql.language.NonNullType;
import graphql.language.NullValue;
import graphql.language.OperationDefinition;
import graphql.language.OperationDefinition.Operation;
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
 * Decides whether a GraphQL document is a plain request for one field that a fast path can answer without the
 * engine, and compiles it into a {@link CompiledField}.
 *
 * <p>Only the simplest shape is taken; anything else is left to the engine, which stays the reference: one
 * anonymous or named operation of the expected type, without directives; its only selection the expected root field,
 * with arguments given as string or int literals, {@code null} or variables declared {@code String},
 * {@code String!}, {@code Int} or {@code Int!} without default; below it, only fields of the {@link SelectionShape},
 * without arguments or directives, no fragments, and no response key twice at one level. The document must stay within the request limits (depth and
 * complexity counted as the engine counts them: the root field is depth 1, every field costs 1) and pass the engine's
 * own validation against the live schema, so a compiled document is one the engine would have executed.
 */
public final class FieldDocumentCompiler {

    private static final Map<String, CompiledField.Scalar> SCALARS = Map.of(
            "String", CompiledField.Scalar.STRING, "Int", CompiledField.Scalar.INT);

    private final GraphQLSchema schema;
    private final GraphQLLimits limits;

    public FieldDocumentCompiler(GraphQLSchema schema, GraphQLLimits limits) {
        this.schema = schema;
        this.limits = limits;
    }

    /**
     * Compiles {@code text} if it asks for exactly {@code field} (an operation of type {@code operation}) with the
     * {@code required} arguments written, and otherwise only arguments among {@code optional}.
     */
    public Optional<CompiledField> compile(String text, Operation operation, String field, Set<String> required,
            Set<String> optional, SelectionShape shape) {
        Document document;
        try {
            document = Parser.parse(text);
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
        List<Definition> definitions = document.getDefinitions();
        if (definitions.size() != 1 || !(definitions.get(0) instanceof OperationDefinition definition)
                || definition.getOperation() != operation || !definition.getDirectives().isEmpty()
                || definition.getSelectionSet().getSelections().size() != 1
                || !(definition.getSelectionSet().getSelections().get(0) instanceof Field root)
                || !field.equals(root.getName()) || !root.getDirectives().isEmpty()
                || root.getSelectionSet() == null) {
            return Optional.empty();
        }
        Map<String, CompiledField.Variable> variables = variables(definition);
        Map<String, CompiledField.Argument> arguments = variables == null ? null : arguments(root, variables);
        List<CompiledField.Selection> selections = selections(root, shape);
        if (arguments == null || !arguments.keySet().containsAll(required)
                || !union(required, optional).containsAll(arguments.keySet()) || selections == null
                || 1 + depth(selections) > limits.maxDepth() || 1 + count(selections) > limits.maxComplexity()
                || !new Validator().validateDocument(schema, document, Locale.ENGLISH).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CompiledField(definition.getName(), root.getAlias() == null ? field : root.getAlias(),
                Map.copyOf(arguments), selections));
    }

    /** Variable name to its compiled form, or null when a variable is not a plain String or Int without default. */
    private static Map<String, CompiledField.Variable> variables(OperationDefinition operation) {
        Map<String, CompiledField.Variable> variables = new HashMap<>();
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            Type<?> type = definition.getType();
            boolean nullable = !(type instanceof NonNullType);
            Type<?> named = nullable ? type : ((NonNullType) type).getType();
            CompiledField.Scalar scalar = named instanceof TypeName name ? SCALARS.get(name.getName()) : null;
            if (scalar == null || definition.getDefaultValue() != null || !definition.getDirectives().isEmpty()) {
                return null;
            }
            variables.put(definition.getName(), new CompiledField.Variable(definition.getName(), scalar, nullable));
        }
        return variables;
    }

    private static Map<String, CompiledField.Argument> arguments(Field root,
            Map<String, CompiledField.Variable> variables) {
        Map<String, CompiledField.Argument> arguments = new HashMap<>();
        for (Argument argument : root.getArguments()) {
            Value<?> value = argument.getValue();
            CompiledField.Argument compiled;
            if (value instanceof StringValue literal) {
                compiled = new CompiledField.Literal(literal.getValue());
            } else if (value instanceof IntValue literal && fitsInt(literal.getValue())) {
                compiled = new CompiledField.Literal(literal.getValue().intValueExact());
            } else if (value instanceof NullValue) {
                compiled = new CompiledField.Literal(null);
            } else if (value instanceof VariableReference reference && variables.containsKey(reference.getName())) {
                compiled = variables.get(reference.getName());
            } else {
                return null;
            }
            arguments.put(argument.getName(), compiled);
        }
        return arguments;
    }

    /** The selections below {@code parent}, or null when one is outside the shape. */
    private static List<CompiledField.Selection> selections(Field parent, SelectionShape shape) {
        List<CompiledField.Selection> selections = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (graphql.language.Selection<?> selection : parent.getSelectionSet().getSelections()) {
            if (!(selection instanceof Field field) || !field.getArguments().isEmpty()
                    || !field.getDirectives().isEmpty()) {
                return null;
            }
            String key = field.getAlias() == null ? field.getName() : field.getAlias();
            if (!keys.add(key)) {
                return null;
            }
            SelectionShape object = shape.objects().get(field.getName());
            if (object != null && field.getSelectionSet() != null) {
                List<CompiledField.Selection> children = selections(field, object);
                if (children == null) {
                    return null;
                }
                selections.add(new CompiledField.Selection(key, field.getName(), children));
            } else if (shape.leaves().contains(field.getName()) && field.getSelectionSet() == null) {
                selections.add(new CompiledField.Selection(key, field.getName(), null));
            } else {
                return null;
            }
        }
        return selections.isEmpty() ? null : List.copyOf(selections);
    }

    private static int depth(List<CompiledField.Selection> selections) {
        int depth = 0;
        for (CompiledField.Selection selection : selections) {
            depth = Math.max(depth, 1 + (selection.selections() == null ? 0 : depth(selection.selections())));
        }
        return depth;
    }

    private static int count(List<CompiledField.Selection> selections) {
        int count = 0;
        for (CompiledField.Selection selection : selections) {
            count += 1 + (selection.selections() == null ? 0 : count(selection.selections()));
        }
        return count;
    }

    private static boolean fitsInt(BigInteger value) {
        return value.bitLength() < Integer.SIZE;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }
}
