package dev.tightrope.rules.graphql;

import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.rules.application.Rules;

/** The answer of validateRule: what the text says, or where it is wrong. */
@Type("RuleValidation")
@Description("What rule text says, or where it is wrong (validateRule).")
public class RuleValidationNode {

    private final Rules.Validation validation;

    RuleValidationNode(Rules.Validation validation) {
        this.validation = validation;
    }

    @NonNull
    @Description("Whether the text is a rule (and, with an agent, fits that agent).")
    public boolean isValid() {
        return validation.rule() != null;
    }

    @Description("The rule in canonical form, when valid.")
    public String getExpression() {
        return validation.rule() == null ? null : validation.rule().toSource();
    }

    @Description("Where and why the text is not a rule, when invalid.")
    public RuleErrorNode getError() {
        return validation.error() == null ? null : new RuleErrorNode(validation.error().getMessage(),
                validation.error().details());
    }

    /** A rule error with its position (line and column from 1). */
    @Type("RuleError")
    @Description("Where and why rule text is not a rule.")
    public static class RuleErrorNode {
        private final String message;
        private final Map<String, Object> details;

        RuleErrorNode(String message, Map<String, Object> details) {
            this.message = message;
            this.details = details;
        }

        @NonNull
        @Description("Always VALIDATION.")
        public String getCode() {
            return "VALIDATION";
        }

        @NonNull
        @Description("The error as a sentence: line, column, what was expected and what was found.")
        public String getMessage() {
            return message;
        }

        @Description("The line of the error, from 1.")
        public Integer getLine() {
            return (Integer) details.get("line");
        }

        @Description("The column of the error, from 1.")
        public Integer getColumn() {
            return (Integer) details.get("column");
        }

        @Description("What stands there: a quoted token, or \"the end of the rule\".")
        public String getFound() {
            return (String) details.get("found");
        }

        @Description("What the parser expected there.")
        public String getExpected() {
            return (String) details.get("expected");
        }
    }
}
