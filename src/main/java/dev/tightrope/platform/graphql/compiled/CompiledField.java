package dev.tightrope.platform.graphql.compiled;

import java.util.List;
import java.util.Map;

/**
 * A GraphQL document compiled once into what a fast path needs to answer it without the engine: the one root field
 * it asks for, where each argument comes from, and the selection tree below it. See {@link FieldDocumentCompiler}.
 *
 * @param operationName the operation's name, or null when anonymous
 * @param rootKey       the response key of the root field (its alias, or its name)
 * @param arguments     the root field's arguments by name; an argument not written in the document is absent
 * @param selections    the selected fields below the root, in document order
 */
public record CompiledField(String operationName, String rootKey, Map<String, Argument> arguments,
        List<Selection> selections) {

    /** Where an argument the document does not write comes from: nowhere, so it is null. */
    private static final Argument ABSENT = new Literal(null);

    /** The argument's value for these request variables: a String, an Integer, null, or {@link Argument#UNUSABLE}. */
    public Object argument(String name, Map<String, Object> variables) {
        return arguments.getOrDefault(name, ABSENT).resolve(variables);
    }

    /** Whether the request's {@code operationName} (null when absent) selects this operation. */
    public boolean answersTo(Object requestedOperation) {
        return requestedOperation == null || requestedOperation.equals(operationName);
    }

    /**
     * One selected field.
     *
     * @param responseKey what the answer calls it (alias or name)
     * @param name        the schema field
     * @param selections  its own selections when it is an object field, else null
     */
    public record Selection(String responseKey, String name, List<Selection> selections) {
    }

    /** An argument of the root field: a literal of the document, or a variable of the request. */
    public interface Argument {

        /** Marks a variable value the engine would refuse or coerce; such requests go to the engine. */
        Object UNUSABLE = new Object();

        /** The value for these request variables: a String, an Integer, null, or {@link #UNUSABLE}. */
        Object resolve(Map<String, Object> variables);
    }

    /** The scalar types an argument may have here. */
    public enum Scalar {
        /** A JSON string. */
        STRING,
        /** A JSON number the request parser read as an {@link Integer}: a whole number within 32 bits. */
        INT;

        boolean accepts(Object value) {
            return this == STRING ? value instanceof String : value instanceof Integer;
        }
    }

    /** A value written in the document: a String, an Integer or null. */
    public record Literal(Object value) implements Argument {
        @Override
        public Object resolve(Map<String, Object> variables) {
            return value;
        }
    }

    /**
     * A variable; only values of its declared scalar (and null where the argument allows it) are taken: a number
     * written {@code 7.0} or beyond 32 bits, or a string for an Int, is the engine's to refuse.
     */
    public record Variable(String name, Scalar type, boolean nullable) implements Argument {
        @Override
        public Object resolve(Map<String, Object> variables) {
            Object value = variables == null ? null : variables.get(name);
            if (value != null && type.accepts(value)) {
                return value;
            }
            return value == null && nullable ? null : UNUSABLE;
        }
    }
}
