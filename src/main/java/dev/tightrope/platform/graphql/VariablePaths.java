package dev.tightrope.platform.graphql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.GraphQLContext;
import graphql.language.Document;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;

/**
 * Names where in a variable the engine found an invalid value. graphql-java says only which variable:
 * {@code Variable 'outcomes' has an invalid value: Float must be a number (a JSON number), not a string ("12")},
 * which leaves a client with 10 000 outcomes to guess. This walks the variable's value along its declared type, the
 * way the engine coerces it, and finds the first value the engine refuses: the message becomes {@code Variable
 * 'outcomes' has an invalid value at outcomes[1].latencyMs: Float must be …}.
 *
 * <p>What counts as refused, as the engine has it: null for a non-null type (a missing non-null field without a
 * default too), a field an input object does not have, an enum value it does not have, a value the scalar's
 * {@code parseValue} throws on, and anything but an object for an input object. A list type takes a single value as
 * a list of one. Only called for an error, so it costs nothing on the way of a valid request.
 */
final class VariablePaths {

    private static final Pattern INVALID_VARIABLE = Pattern.compile("^Variable '(\\w+)' has an invalid value: ");
    private static final Pattern NAMED_VARIABLE = Pattern.compile("[Vv]ariable '(\\w+)'");
    private static final Pattern UNKNOWN_FIELD = Pattern.compile("^The variables input contains a field name '(\\w+)'");

    private VariablePaths() {
    }

    /**
     * The message with the place of the refused value, or the message as it was when it cannot be told. "Variable
     * 'v' has an invalid value: …" gets it after "value"; the others ("Field 'status' of variable 'v' has coerced
     * Null value…", "The variables input contains a field name 'x' …", which names no variable) get " (at …)".
     */
    static String located(String message, GraphQLSchema schema, String query, String operationName,
            Map<String, Object> variables) {
        if (message == null || schema == null || query == null || variables == null || variables.isEmpty()) {
            return message;
        }
        try {
            Matcher invalid = INVALID_VARIABLE.matcher(message);
            if (invalid.find()) {
                String path = refusedIn(schema, query, operationName, variables, invalid.group(1), null);
                return path == null ? message : "Variable '" + invalid.group(1) + "' has an invalid value at " + path
                        + ": " + message.substring(invalid.end());
            }
            Matcher named = NAMED_VARIABLE.matcher(message);
            Matcher unknown = UNKNOWN_FIELD.matcher(message);
            String path = null;
            if (named.find()) {
                path = refusedIn(schema, query, operationName, variables, named.group(1), null);
            } else if (unknown.find()) {
                for (String variable : variables.keySet()) {
                    path = path != null ? path
                            : refusedIn(schema, query, operationName, variables, variable, "." + unknown.group(1));
                }
            }
            return path == null ? message : message.strip() + " (at " + path + ")";
        } catch (RuntimeException unexpected) {
            // an InvalidSyntaxException among them: the engine's own message is still right, only less precise
            return message;
        }
    }

    /**
     * Where in {@code variable} the first refused value is, when it is below the variable itself (and ends with
     * {@code suffix}, if given); else null.
     */
    private static String refusedIn(GraphQLSchema schema, String query, String operationName,
            Map<String, Object> variables, String variable, String suffix) {
        Type<?> declared = declaredType(Parser.parse(query), operationName, variable);
        GraphQLType type = declared == null ? null : inputType(schema, declared);
        String path = type == null || !variables.containsKey(variable) ? null
                : firstRefused(type, variables.get(variable), variable);
        return path == null || path.equals(variable) || (suffix != null && !path.endsWith(suffix)) ? null : path;
    }

    private static Type<?> declaredType(Document document, String operationName, String variable) {
        for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
            if (operationName == null || operationName.equals(operation.getName())) {
                for (VariableDefinition definition : operation.getVariableDefinitions()) {
                    if (definition.getName().equals(variable)) {
                        return definition.getType();
                    }
                }
            }
        }
        return null;
    }

    private static GraphQLType inputType(GraphQLSchema schema, Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            GraphQLType inner = inputType(schema, nonNull.getType());
            return inner == null ? null : GraphQLNonNull.nonNull(inner);
        }
        if (type instanceof ListType list) {
            GraphQLType inner = inputType(schema, list.getType());
            return inner == null ? null : GraphQLList.list(inner);
        }
        return type instanceof TypeName named ? schema.getType(named.getName()) : null;
    }

    /** The path of the first value the engine would refuse, or null when it finds none. */
    private static String firstRefused(GraphQLType type, Object value, String path) {
        if (type instanceof GraphQLNonNull nonNull) {
            return value == null ? path : firstRefused(nonNull.getWrappedType(), value, path);
        }
        if (value == null) {
            return null;
        }
        if (type instanceof GraphQLList list) {
            if (!(value instanceof List<?> items)) {
                return firstRefused(list.getWrappedType(), value, path);
            }
            for (int i = 0; i < items.size(); i++) {
                String refused = firstRefused(list.getWrappedType(), items.get(i), path + "[" + i + "]");
                if (refused != null) {
                    return refused;
                }
            }
            return null;
        }
        if (type instanceof GraphQLInputObjectType object) {
            return firstRefusedField(object, value, path);
        }
        if (type instanceof GraphQLEnumType enumType) {
            return value instanceof String name && enumType.getValue(name) != null ? null : path;
        }
        if (type instanceof GraphQLScalarType scalar) {
            try {
                scalar.getCoercing().parseValue(value, GraphQLContext.getDefault(), Locale.ROOT);
                return null;
            } catch (RuntimeException refused) {
                return path;
            }
        }
        return null;
    }

    private static String firstRefusedField(GraphQLInputObjectType object, Object value, String path) {
        if (!(value instanceof Map<?, ?> fields)) {
            return path;
        }
        for (Object key : fields.keySet()) {
            if (!(key instanceof String name) || object.getField(name) == null) {
                return path + "." + key;
            }
        }
        for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
            String at = path + "." + field.getName();
            if (!fields.containsKey(field.getName())) {
                if (field.getType() instanceof GraphQLNonNull && !field.hasSetDefaultValue()) {
                    return at;
                }
                continue;
            }
            String refused = firstRefused(field.getType(), fields.get(field.getName()), at);
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }
}
