package dev.tightrope.platform.graphql;

import java.util.Locale;
import java.util.Map;

import dev.tightrope.platform.input.InputContract;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.schema.SchemaTransformer;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.util.TreeTransformerUtil;

/**
 * Puts the {@link InputContract} in front of the number and date scalars of the schema (Int, Float, DateTime), for
 * variables and for literals alike.
 *
 * <p>Why: SmallRye GraphQL's own scalars are lenient where a release tool must not be. Its Int takes the low 32 bits
 * of any number ({@code version: 4294967297} deployed version 1), truncates fractions, and takes numeric strings; a
 * DateTime that does not parse was only found when the resolver ran, which added a second, uncoded error. Here each
 * scalar's coercing is wrapped: the input is checked first and refused with a message naming what is wrong, and only
 * accepted values reach SmallRye's coercing, unchanged (an Int arrives as an {@code Integer}). Output serialisation
 * is SmallRye's own.
 *
 * <p>String and Boolean are not replaced: graphql-java's introspection types use its own instances of them, which a
 * rebuilt schema always contains, and two types of one name cannot coexist. Their contract is kept elsewhere: both
 * are graphql-java's own strict scalars (no number taken for a string), and the text rule (no NUL, no unpaired
 * surrogate) is checked on the whole request before it reaches the engine ({@code RequestStrings}). *
 * <p>graphql-java turns a refusal into a validation error that names the argument (or variable) and its path, before
 * anything runs; {@link ErrorCodeInstrumentation} gives it the code VALIDATION.
 */
final class StrictScalars {

    private StrictScalars() {
    }

    /** The schema with every known input scalar wrapped; other types unchanged. */
    static GraphQLSchema apply(GraphQLSchema schema) {
        return SchemaTransformer.transformSchema(schema, new GraphQLTypeVisitorStub() {
            @Override
            public TraversalControl visitGraphQLScalarType(GraphQLScalarType scalar,
                    TraverserContext<GraphQLSchemaElement> context) {
                Check check = CHECKS.get(scalar.getName());
                if (check == null || scalar.getCoercing() instanceof Strict) {
                    return TraversalControl.CONTINUE;
                }
                GraphQLScalarType strict = scalar.transform(
                        builder -> builder.coercing(new Strict(scalar.getName(), check, scalar.getCoercing())));
                return TreeTransformerUtil.changeNode(context, strict);
            }
        });
    }

    /** A check of one scalar: of a decoded JSON variable value, and of a document literal. */
    interface Check {
        /** null when acceptable, else what is wrong */
        String value(Object input);

        /** null when acceptable, else what is wrong */
        String literal(Value<?> input);

        /** what the delegate receives for an accepted variable value */
        default Object normalise(Object input) {
            return input;
        }

        /** what the delegate receives for an accepted literal */
        default Value<?> normaliseLiteral(Value<?> input) {
            return input;
        }
    }

    private static final Check INT = new Check() {
        @Override
        public String value(Object input) {
            return InputContract.intProblem(input);
        }

        @Override
        public String literal(Value<?> input) {
            return input instanceof IntValue i ? InputContract.intProblem(i.getValue())
                    : "must be a whole number, not " + literalKind(input);
        }

        @Override
        public Object normalise(Object input) {
            return InputContract.toInt(input);
        }
    };

    private static final Check FLOAT = new Check() {
        @Override
        public String value(Object input) {
            return InputContract.floatProblem(input);
        }

        @Override
        public String literal(Value<?> input) {
            if (input instanceof IntValue i) {
                return InputContract.floatProblem(i.getValue());
            }
            return input instanceof FloatValue f ? InputContract.floatProblem(f.getValue())
                    : "must be a number, not " + literalKind(input);
        }
    };

    private static final Check DATE_TIME = new Check() {
        @Override
        public String value(Object input) {
            return input instanceof String text ? InputContract.dateTimeProblem(text)
                    : "must be a date and time in " + InputContract.DATE_TIME_FORMAT + ", not "
                            + InputContract.describe(input);
        }

        @Override
        public String literal(Value<?> input) {
            return input instanceof StringValue s ? InputContract.dateTimeProblem(s.getValue())
                    : "must be a date and time in " + InputContract.DATE_TIME_FORMAT + ", not " + literalKind(input);
        }

        /**
         * ISO-8601 lets the seconds out ({@code 2027-01-01T00:00Z}), SmallRye's DateTime does not: the delegate gets
         * the same instant with its seconds ({@code 2027-01-01T00:00:00Z}), where it answered an uncoded error.
         */
        @Override
        public Object normalise(Object input) {
            return InputContract.canonicalDateTime((String) input);
        }

        @Override
        public Value<?> normaliseLiteral(Value<?> input) {
            return new StringValue(InputContract.canonicalDateTime(((StringValue) input).getValue()));
        }
    };

    private static final Map<String, Check> CHECKS = Map.of("Int", INT, "Float", FLOAT, "DateTime", DATE_TIME);

    private static String literalKind(Value<?> value) {
        if (value instanceof StringValue s) {
            return "a string (" + InputContract.quoted(s.getValue()) + ")";
        }
        if (value instanceof IntValue || value instanceof FloatValue) {
            return "a number";
        }
        if (value instanceof BooleanValue b) {
            return String.valueOf(b.isValue());
        }
        if (value instanceof ObjectValue) {
            return "an object";
        }
        if (value instanceof ArrayValue) {
            return "a list";
        }
        return "this value";
    }

    /** A scalar's coercing with its input checked first. */
    private static final class Strict implements Coercing<Object, Object> {

        private final String name;
        private final Check check;
        private final Coercing<Object, Object> delegate;

        @SuppressWarnings("unchecked")
        Strict(String name, Check check, Coercing<?, ?> delegate) {
            this.name = name;
            this.check = check;
            this.delegate = (Coercing<Object, Object>) delegate;
        }

        @Override
        public Object serialize(Object result, GraphQLContext context, Locale locale) {
            return delegate.serialize(result, context, locale);
        }

        @Override
        @Deprecated
        public Object serialize(Object result) throws CoercingSerializeException {
            return delegate.serialize(result);
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            String problem = check.value(input);
            if (problem != null) {
                throw new CoercingParseValueException(name + " " + problem);
            }
            return delegate.parseValue(check.normalise(input), context, locale);
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                Locale locale) {
            String problem = check.literal(input);
            if (problem != null) {
                throw new CoercingParseLiteralException(name + " " + problem);
            }
            return delegate.parseLiteral(check.normaliseLiteral(input), variables, context, locale);
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return delegate.valueToLiteral(input, context, locale);
        }
    }
}
