package dev.tightrope.openfeature;

import java.util.List;

import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.TrackingEventDetails;
import dev.openfeature.sdk.Value;
import dev.tightrope.sdk.outcomes.Outcome;
import dev.tightrope.sdk.outcomes.OutcomeStatus;
import dev.tightrope.sdk.routing.Decision;

/**
 * An OpenFeature tracking event's details as a Tightrope outcome, with the fields of the TypeScript provider:
 * {@code status} ({@code "SUCCESS"} or {@code "ERROR"}) and {@code latencyMs} (a number) are required;
 * {@code taskCompleted} (a boolean), {@code costUsd}, {@code inputTokens}, {@code outputTokens} (whole numbers),
 * {@code evalScore} and {@code toolCalls} (a list of {@code {tool, status, latencyMs}}) are passed on when present.
 * A field of the wrong type is refused with a message naming it, never coerced (a token count of 10.5 is not 10).
 */
final class TrackedOutcome {

    private TrackedOutcome() {
    }

    static Outcome of(Decision decision, TrackingEventDetails details) {
        if (details == null) {
            throw new IllegalArgumentException("the details need status and latencyMs");
        }
        Outcome.Builder outcome = Outcome.builder(decision, status(details, "status"), number(details, "latencyMs",
                true));
        Value completed = details.getValue("taskCompleted");
        if (present(completed)) {
            if (!completed.isBoolean()) {
                throw new IllegalArgumentException("taskCompleted must be a boolean, was " + completed);
            }
            outcome.taskCompleted(completed.asBoolean());
        }
        if (present(details.getValue("costUsd"))) {
            outcome.costUsd(number(details, "costUsd", true));
        }
        if (present(details.getValue("inputTokens"))) {
            outcome.inputTokens(wholeNumber(details, "inputTokens"));
        }
        if (present(details.getValue("outputTokens"))) {
            outcome.outputTokens(wholeNumber(details, "outputTokens"));
        }
        if (present(details.getValue("evalScore"))) {
            outcome.evalScore(number(details, "evalScore", true));
        }
        Value calls = details.getValue("toolCalls");
        if (present(calls)) {
            if (!calls.isList()) {
                throw new IllegalArgumentException("toolCalls must be a list of {tool, status, latencyMs}");
            }
            List<Value> list = calls.asList();
            for (Value call : list) {
                if (!call.isStructure()) {
                    throw new IllegalArgumentException("each tool call must be {tool, status, latencyMs}");
                }
                Structure fields = call.asStructure();
                Value tool = fields.getValue("tool");
                if (tool == null || !tool.isString()) {
                    throw new IllegalArgumentException("a tool call's tool must be a string");
                }
                outcome.toolCall(tool.asString(), status(fields, "toolCalls[].status"),
                        number(fields, "latencyMs", true));
            }
        }
        return outcome.build();
    }

    private static boolean present(Value value) {
        return value != null && !value.isNull();
    }

    private static OutcomeStatus status(Structure details, String field) {
        Value value = details.getValue("status");
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException(field + " is required: \"SUCCESS\" or \"ERROR\"");
        }
        try {
            return OutcomeStatus.valueOf(value.asString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is \"SUCCESS\" or \"ERROR\", was \"" + value.asString() + "\"");
        }
    }

    private static double number(Structure details, String field, boolean required) {
        Value value = details.getValue(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException(field + (required ? " is required and" : "") + " must be a number, was "
                    + (value == null ? "missing" : value));
        }
        return ((Number) value.asObject()).doubleValue();
    }

    private static long wholeNumber(Structure details, String field) {
        double number = number(details, field, false);
        if (number != Math.rint(number) || Math.abs(number) > 1L << 53) {
            throw new IllegalArgumentException(field + " must be a whole number, was " + number);
        }
        return (long) number;
    }
}
