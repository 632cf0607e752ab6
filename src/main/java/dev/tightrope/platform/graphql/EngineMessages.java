package dev.tightrope.platform.graphql;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the messages graphql-java writes for a person: it names values by their Java form
 * ({@code 'IntValue{value=4294967297}'}) and input types by their Java class ({@code but it was a 'BigDecimal'}).
 * For example {@code argument 'number' with value 'IntValue{value=4294967297}' is not a valid 'Int'} becomes
 * {@code argument 'number' with value 4294967297 is not a valid 'Int'}, and {@code Expected a String input, but it
 * was a 'BigDecimal'} becomes {@code Expected a String input, but it was a number}, and an object literal printed
 * whole ({@code argument 'input' with value 'ObjectValue{objectFields=[…]}' contains a field not in 'X': 'bogus'}) is
 * left out ({@code argument 'input' contains a field not in 'X': 'bogus'}).
 */
final class EngineMessages {

    /** An object or list literal printed whole (its fields' Java form too): the message names the field instead. */
    private static final Pattern COMPOSITE_VALUE = Pattern.compile(" with value '(?:ObjectValue|ArrayValue)\\{.*\\}'");
    private static final Pattern NUMBER = Pattern.compile("'?(?:IntValue|FloatValue)\\{value=([^}]*)\\}'?");
    private static final Pattern STRING = Pattern.compile("'?StringValue\\{value='(.*?)'\\}'?");
    private static final Pattern BOOLEAN = Pattern.compile("'?BooleanValue\\{value=(true|false)\\}'?");
    private static final Pattern ENUM = Pattern.compile("'?EnumValue\\{name='(.*?)'\\}'?");
    private static final Pattern NULL = Pattern.compile("'?NullValue\\{\\}'?");
    private static final Pattern OTHER_VALUE = Pattern.compile(" with value '.*?\\w+Value\\{.*' is not");
    private static final Pattern JAVA_TYPE = Pattern.compile("(?:was|is) an? '(\\w+)'");
    private static final Pattern AST_TYPE = Pattern.compile("an AST type of '(\\w+)'");
    private static final Pattern EXPECTED_TYPE = Pattern.compile("Expected type '(\\w+)' but was '(\\w+)'");
    private static final Pattern INSTANCE_OF = Pattern.compile("must be an instance of type '(\\w+)'");
    private static final Map<String, String> TYPE_NAMES = Map.ofEntries(
            Map.entry("BigDecimal", "a number"), Map.entry("BigInteger", "a number"), Map.entry("Integer", "a number"),
            Map.entry("Long", "a number"), Map.entry("Double", "a number"), Map.entry("Float", "a number"),
            Map.entry("Boolean", "a boolean"), Map.entry("String", "a string"), Map.entry("LinkedHashMap", "an object"),
            Map.entry("HashMap", "an object"), Map.entry("Map", "an object"), Map.entry("ArrayList", "a list"),
            Map.entry("List", "a list"), Map.entry("StringValue", "a string"), Map.entry("IntValue", "a number"),
            Map.entry("FloatValue", "a number"), Map.entry("BooleanValue", "a boolean"),
            Map.entry("EnumValue", "an enum value"), Map.entry("ObjectValue", "an object"),
            Map.entry("ArrayValue", "a list"), Map.entry("NullValue", "null"),
            Map.entry("VariableReference", "a variable"));

    private EngineMessages() {
    }

    static String clean(String message) {
        if (message == null) {
            return null;
        }
        String text = COMPOSITE_VALUE.matcher(message).replaceAll("");
        text = NUMBER.matcher(text).replaceAll("$1");
        text = STRING.matcher(text).replaceAll(m -> Matcher.quoteReplacement("\"" + m.group(1) + "\""));
        text = BOOLEAN.matcher(text).replaceAll("$1");
        text = ENUM.matcher(text).replaceAll("$1");
        text = NULL.matcher(text).replaceAll("null");
        text = OTHER_VALUE.matcher(text).replaceAll(" is not");
        text = AST_TYPE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                TYPE_NAMES.getOrDefault(m.group(1), "a value of another kind")));
        text = EXPECTED_TYPE.matcher(text).replaceAll(m -> Matcher.quoteReplacement("Expected "
                + TYPE_NAMES.getOrDefault(m.group(1), "another kind of value") + " but was "
                + TYPE_NAMES.getOrDefault(m.group(2), "a value of another kind")));
        text = INSTANCE_OF.matcher(text).replaceAll(m -> Matcher.quoteReplacement("must be "
                + TYPE_NAMES.getOrDefault(m.group(1), "of another kind")));
        return JAVA_TYPE.matcher(text).replaceAll(m -> {
            String name = TYPE_NAMES.get(m.group(1));
            String verb = m.group().startsWith("was") ? "was " : "is ";
            return Matcher.quoteReplacement(name == null ? verb + "a value of another type" : verb + name);
        });
    }
}
