package dev.tightrope.rules.graphql;

import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.rules.application.Rules;

/** The answer of validateRule: what the text says, or where it is wrong. */
@Type("RuleValidation")
public class RuleValidationNode {

    private final Rules.Validation validation;

    RuleValidationNode(Rules.Validation validation) {
        this.validation = validation;
    }

    @NonNull
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
    public static class RuleErrorNode {
        private final String message;
        private final Map<String, Object> details;

        RuleErrorNode(String message, Map<String, Object> details) {
            this.message = message;
            this.details = details;
        }

        @NonNull
        public String getCode() {
            return "VALIDATION";
        }

        @NonNull
        public String getMessage() {
            return message;
        }

        public Integer getLine() {
            return (Integer) details.get("line");
        }

        public Integer getColumn() {
            return (Integer) details.get("column");
        }

        public String getFound() {
            return (String) details.get("found");
        }

        public String getExpected() {
            return (String) details.get("expected");
        }
    }
}
