package dev.tightrope.platform.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tightrope.platform.input.InputContract;
import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.Value;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.OperationDefinition;
import graphql.language.OperationDefinition.Operation;
import graphql.language.StringValue;
import graphql.language.VariableReference;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;

/** What the request checks need to know of a parsed document: its string literals, its operation, its mutation fields. */
final class MutationDocuments {

    private MutationDocuments() {
    }

    /** The {@link InputContract} String rule on every string literal of the document; null when all are fine. */
    static String stringProblem(Document document) {
        String[] found = new String[1];
        new NodeTraverser().depthFirst(new NodeVisitorStub() {
            @Override
            public TraversalControl visitStringValue(StringValue node, TraverserContext<Node> context) {
                String problem = InputContract.stringProblem(node.getValue());
                if (problem != null) {
                    var location = node.getSourceLocation();
                    found[0] = "the string at line " + (location == null ? "?" : location.getLine()) + ", column "
                            + (location == null ? "?" : location.getColumn()) + " " + problem;
                    return TraversalControl.QUIT;
                }
                return TraversalControl.CONTINUE;
            }
        }, document);
        return found[0];
    }

    /** The type of the operation the request selects, or null when it cannot be told (the engine will say why). */
    static Operation operationType(Document document, String operationName) {
        OperationDefinition chosen = chosen(document, operationName);
        return chosen == null ? null : chosen.getOperation();
    }

    private static OperationDefinition chosen(Document document, String operationName) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        OperationDefinition chosen = null;
        for (OperationDefinition operation : operations) {
            if (operationName == null ? operations.size() == 1 : operationName.equals(operation.getName())) {
                chosen = operation;
            }
        }
        return chosen;
    }

    /** A literal as a plain value for the audit log: strings, numbers, booleans and enums as such, others printed. */
    private static Object plain(Value<?> value) {
        if (value instanceof StringValue text) {
            return text.getValue();
        }
        if (value instanceof IntValue number) {
            return number.getValue();
        }
        if (value instanceof FloatValue number) {
            return number.getValue();
        }
        if (value instanceof BooleanValue bool) {
            return bool.isValue();
        }
        if (value instanceof EnumValue constant) {
            return constant.getName();
        }
        return value instanceof NullValue ? null : AstPrinter.printAst(value);
    }

    /**
     * The root fields of the operation the request selects, when it is a mutation; empty for queries,
     * subscriptions, and documents whose operation cannot be told.
     */
    static List<RefusedMutation.Field> mutationFields(Document document, String operationName,
            Map<String, Object> variables) {
        OperationDefinition chosen = chosen(document, operationName);
        if (chosen == null || chosen.getOperation() != Operation.MUTATION) {
            return List.of();
        }
        List<RefusedMutation.Field> fields = new ArrayList<>();
        for (var selection : chosen.getSelectionSet().getSelections()) {
            if (selection instanceof Field field) {
                Map<String, Object> arguments = new LinkedHashMap<>();
                for (Argument argument : field.getArguments()) {
                    arguments.put(argument.getName(), argument.getValue() instanceof VariableReference reference
                            ? (variables == null ? null : variables.get(reference.getName()))
                            : plain(argument.getValue()));
                }
                fields.add(new RefusedMutation.Field(field.getName(), arguments));
            }
        }
        return fields;
    }
}
