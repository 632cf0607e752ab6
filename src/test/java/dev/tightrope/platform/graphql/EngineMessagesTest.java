package dev.tightrope.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineMessagesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "argument 'number' with value 'IntValue{value=4294967297}' is not a valid 'Int'"
                + "|argument 'number' with value 4294967297 is not a valid 'Int'",
        "argument 'slug' with value 'StringValue{value='a b'}' is not a valid 'Int'"
                + "|argument 'slug' with value \"a b\" is not a valid 'Int'",
        "argument 'if' with value 'BooleanValue{value=true}' is not a valid 'String'"
                + "|argument 'if' with value true is not a valid 'String'",
        "argument 'role' with value 'EnumValue{name='BOSS'}' is not a valid 'Role'"
                + "|argument 'role' with value BOSS is not a valid 'Role'",
        "Expected a String input, but it was a 'BigDecimal'|Expected a String input, but it was a number",
        "Expected type 'Map' but was 'ArrayList'. Variables for input objects must be an instance of type 'Map'."
                + "|Expected an object but was a list. Variables for input objects must be an object.",
        "Expected a String input, but it was a 'LinkedHashMap'|Expected a String input, but it was an object",
        "Expected an AST type of 'BooleanValue' but it was a 'StringValue'|Expected a boolean but it was a string",
        "argument 'input' with value 'ObjectValue{objectFields=[ObjectField{name='a', value=IntValue{value=1}}]}' "
                + "is not a valid 'X'|argument 'input' is not a valid 'X'",
        "Validation error (WrongType@[createAgent]) : argument 'input' with value 'ObjectValue{objectFields=["
                + "ObjectField{name='slug', value=StringValue{value='x'}}, ObjectField{name='bogus', value=IntValue{"
                + "value=1}}]}' contains a field not in 'CreateAgentInput': 'bogus'"
                + "|Validation error (WrongType@[createAgent]) : argument 'input' contains a field not in "
                + "'CreateAgentInput': 'bogus'",
    })
    void javaFormsBecomeWords(String engine, String person) {
        assertThat(EngineMessages.clean(engine)).isEqualTo(person);
    }
}
