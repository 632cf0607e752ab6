package dev.tightrope.release.graphql;

import java.util.List;
import java.util.Map;

/**
 * A {@code route} query compiled once, to be answered without the GraphQL engine (see {@link RouteFastPath}).
 *
 * @param operationName the operation's name, or null when anonymous
 * @param rootKey       the response key of the route field (its alias, or {@code route})
 * @param agent         where the agent argument comes from
 * @param environment   where the environment argument comes from
 * @param routingKey    where the routing key comes from
 * @param fields        the selected fields of RouteDecision, in document order
 */
record RouteQueryPlan(String operationName, String rootKey, Argument agent, Argument environment,
        Argument routingKey, List<SelectedField> fields) {

    /** One selected field: what the answer calls it and which field of RouteDecision it is. */
    record SelectedField(String responseKey, String name) {
    }

    /** An argument of the route field: a literal of the document, or a variable of the request. */
    interface Argument {

        /** Marks a variable value the engine would refuse or coerce; such requests go to the engine. */
        Object UNUSABLE = new Object();

        /** The value for these request variables: a String, null, or {@link #UNUSABLE}. */
        Object resolve(Map<String, Object> variables);
    }

    /** A value written in the document. */
    record Literal(String value) implements Argument {
        @Override
        public Object resolve(Map<String, Object> variables) {
            return value;
        }
    }

    /** A variable; only plain JSON strings (and null where the argument allows it) are taken. */
    record Variable(String name, boolean nullable) implements Argument {
        @Override
        public Object resolve(Map<String, Object> variables) {
            Object value = variables == null ? null : variables.get(name);
            if (value instanceof String) {
                return value;
            }
            return value == null && nullable ? null : UNUSABLE;
        }
    }
}
