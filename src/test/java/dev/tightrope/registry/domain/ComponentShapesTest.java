package dev.tightrope.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import java.math.BigDecimal;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComponentShapesTest {

    private static final int LIMIT = 65_536;

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            PROMPT         | {"system":"You are helpful.","examples":[{"input":"hi","output":"hello","tag":1}],"formattingRules":["Be brief"],"variables":["name"],"owner":"team-a"}
            PROMPT         | {"system":"s","examples":[{"input":"","output":""}],"owner":null}
            MODEL          | {"provider":"openai","modelId":"gpt-4o","temperature":0,"topP":1,"maxTokens":1.0e3,"stopSequences":["END"],"parameters":{"seed":7},"owner":[1]}
            MODEL          | {"provider":"anthropic","modelId":"claude","temperature":2,"topP":0.0,"maxTokens":2147483647,"owner":{}}
            TOOLS          | {"tools":[{"name":"search","description":"web","parameters":{"type":"object"},"x":1},{"name":"Fetch.v2_beta-1"}],"owner":"a"}
            TOOLS          | {"tools":[],"owner":"a"}
            GUARDRAILS     | {"inputFilters":[{"type":"pii","mode":"redact"}],"outputValidators":[{"type":"json"}],"actionLimits":{"maxToolCalls":0,"maxRetries":3},"owner":"a"}
            GUARDRAILS     | {"owner":"a"}
            KNOWLEDGE_BASE | {"indexId":"kb-1","indexedAt":"2024-05-01T12:00:00Z","embeddingModel":"e5","documentCount":0,"metadata":{"a":[1]},"owner":"a"}
            KNOWLEDGE_BASE | {"indexId":"kb-1","indexedAt":"2024-05-01T14:00:00.5+02:00","documentCount":9223372036854775807,"owner":"a"}
            """)
    void validContentPassesAndKeepsUnknownFields(ComponentKind kind, String json) {
        Object parsed = JsonParser.parse(json);
        assertEquals(List.of(), ComponentShapes.validate(kind, parsed));

        ComponentContent content = ComponentContent.of(kind, parsed, LIMIT);
        Map<?, ?> kept = (Map<?, ?>) content.json();
        assertTrue(kept.containsKey("owner"), "unknown field kept: " + content.canonical());
        assertEquals(((Map<?, ?>) parsed).get("owner") == null, kept.get("owner") == null);
        assertEquals(CanonicalJson.canonical(parsed), content.canonical());
        assertEquals(ContentHash.sha256Hex(content.canonical()), content.hash());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}: {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            PROMPT         | []                                                      | prompt                     | expected an object but got an array
            PROMPT         | {}                                                      | prompt.system              | is required
            PROMPT         | {"system":"  \\n"}                                      | prompt.system              | must not be blank
            PROMPT         | {"system":5}                                            | prompt.system              | expected a string but got a number
            PROMPT         | {"system":null}                                         | prompt.system              | expected a string but got null
            PROMPT         | {"system":"s","examples":{}}                            | prompt.examples            | expected an array but got an object
            PROMPT         | {"system":"s","examples":[{"input":"a","output":"b"},{"input":"a"}]} | prompt.examples[1].output | is required
            PROMPT         | {"system":"s","examples":[{"input":"a","output":true}]} | prompt.examples[0].output  | expected a string but got a boolean
            PROMPT         | {"system":"s","examples":["x"]}                         | prompt.examples[0]         | expected an object but got a string
            PROMPT         | {"system":"s","formattingRules":["a",1]}                | prompt.formattingRules[1]  | expected a string but got a number
            PROMPT         | {"system":"s","variables":"name"}                       | prompt.variables           | expected an array but got a string
            MODEL          | {"modelId":"m"}                                         | model.provider             | is required
            MODEL          | {"provider":"p","modelId":""}                           | model.modelId              | must not be blank
            MODEL          | {"provider":"p","modelId":"m","temperature":2.5}        | model.temperature          | must be between 0 and 2
            MODEL          | {"provider":"p","modelId":"m","temperature":-0.1}       | model.temperature          | must be between 0 and 2
            MODEL          | {"provider":"p","modelId":"m","temperature":"hot"}      | model.temperature          | expected a number but got a string
            MODEL          | {"provider":"p","modelId":"m","topP":1.01}              | model.topP                 | must be between 0 and 1
            MODEL          | {"provider":"p","modelId":"m","maxTokens":0}            | model.maxTokens            | must be at least 1
            MODEL          | {"provider":"p","modelId":"m","maxTokens":1.5}          | model.maxTokens            | expected an integer but got a number
            MODEL          | {"provider":"p","modelId":"m","maxTokens":2147483648}   | model.maxTokens            | must be at most 2147483647
            MODEL          | {"provider":"p","modelId":"m","maxTokens":"100"}        | model.maxTokens            | expected an integer but got a string
            MODEL          | {"provider":"p","modelId":"m","stopSequences":[null]}   | model.stopSequences[0]     | expected a string but got null
            MODEL          | {"provider":"p","modelId":"m","parameters":[]}          | model.parameters           | expected an object but got an array
            TOOLS          | {}                                                      | tools.tools                | is required
            TOOLS          | {"tools":{}}                                            | tools.tools                | expected an array but got an object
            TOOLS          | {"tools":[null]}                                        | tools.tools[0]             | expected an object but got null
            TOOLS          | {"tools":[{"description":"d"}]}                         | tools.tools[0].name        | is required
            TOOLS          | {"tools":[{"name":"has space"}]}                        | tools.tools[0].name        | must be 1 to 64 letters, digits
            TOOLS          | {"tools":[{"name":""}]}                                 | tools.tools[0].name        | must be 1 to 64 letters, digits
            TOOLS          | {"tools":[{"name":7}]}                                  | tools.tools[0].name        | expected a string but got a number
            TOOLS          | {"tools":[{"name":"search"},{"name":"a"},{"name":"search"}]} | tools.tools[2].name   | duplicate tool name 'search'
            TOOLS          | {"tools":[{"name":"a","parameters":"x"}]}               | tools.tools[0].parameters  | expected an object but got a string
            TOOLS          | {"tools":[{"name":"a","description":3}]}                | tools.tools[0].description | expected a string but got a number
            GUARDRAILS     | "x"                                                     | guardrails                 | expected an object but got a string
            GUARDRAILS     | {"inputFilters":"pii"}                                  | guardrails.inputFilters    | expected an array but got a string
            GUARDRAILS     | {"inputFilters":[{}]}                                   | guardrails.inputFilters[0].type | is required
            GUARDRAILS     | {"outputValidators":[{"type":" "}]}                     | guardrails.outputValidators[0].type | must not be blank
            GUARDRAILS     | {"actionLimits":{"maxToolCalls":-1}}                    | guardrails.actionLimits.maxToolCalls | must be at least 0
            GUARDRAILS     | {"actionLimits":{"maxToolCalls":2.5}}                   | guardrails.actionLimits.maxToolCalls | expected an integer but got a number
            GUARDRAILS     | {"actionLimits":[]}                                     | guardrails.actionLimits    | expected an object but got an array
            KNOWLEDGE_BASE | {}                                                      | knowledgeBase.indexId      | is required
            KNOWLEDGE_BASE | {"indexId":"i","indexedAt":"yesterday"}                 | knowledgeBase.indexedAt    | must be an ISO-8601 instant
            KNOWLEDGE_BASE | {"indexId":"i","indexedAt":"2024-05-01"}                | knowledgeBase.indexedAt    | must be an ISO-8601 instant
            KNOWLEDGE_BASE | {"indexId":"i","indexedAt":1714560000}                  | knowledgeBase.indexedAt    | expected a string but got a number
            KNOWLEDGE_BASE | {"indexId":"i","documentCount":-1}                      | knowledgeBase.documentCount | must be at least 0
            KNOWLEDGE_BASE | {"indexId":"i","documentCount":1e30}                    | knowledgeBase.documentCount | must be at most 9223372036854775807
            KNOWLEDGE_BASE | {"indexId":"i","metadata":"x"}                          | knowledgeBase.metadata     | expected an object but got a string
            KNOWLEDGE_BASE | {"indexId":"i","embeddingModel":false}                  | knowledgeBase.embeddingModel | expected a string but got a boolean
            """)
    void invalidContentIsReportedAtItsPath(ComponentKind kind, String json, String path, String message) {
        List<Violation> violations = ComponentShapes.validate(kind, JsonParser.parse(json));

        assertEquals(1, violations.size(), violations::toString);
        assertEquals(path, violations.get(0).path());
        assertTrue(violations.get(0).message().contains(message), violations::toString);
    }

    @Test
    void toolNamesLongerThanSixtyFourCharactersAreRejected() {
        Map<String, Object> ok = Map.of("tools", List.of(Map.of("name", "a".repeat(64))));
        Map<String, Object> tooLong = Map.of("tools", List.of(Map.of("name", "a".repeat(65))));
        assertEquals(List.of(), ComponentShapes.validate(ComponentKind.TOOLS, ok));
        assertEquals("tools.tools[0].name", ComponentShapes.validate(ComponentKind.TOOLS, tooLong).get(0).path());
    }

    @Test
    void everyViolationIsCollectedInDocumentOrder() {
        Object json = JsonParser.parse("{\"system\":\"\",\"examples\":[{\"input\":1}],\"variables\":[1,\"a\",2]}");

        List<Violation> violations = ComponentShapes.validate(ComponentKind.PROMPT, json);

        assertEquals(List.of(
                new Violation("prompt.system", "must not be blank"),
                new Violation("prompt.examples[0].input", "expected a string but got a number"),
                new Violation("prompt.examples[0].output", "is required"),
                new Violation("prompt.variables[0]", "expected a string but got a number"),
                new Violation("prompt.variables[2]", "expected a string but got a number")), violations);
    }

    @Test
    void contentOfThrowsOneValidationErrorListingAllViolations() {
        Object json = JsonParser.parse("{\"temperature\":3}");

        TightropeException e = assertThrows(TightropeException.class,
                () -> ComponentContent.of(ComponentKind.MODEL, json, LIMIT));

        assertEquals(ErrorCode.VALIDATION, e.code());
        assertEquals("Invalid input: model.provider: is required; model.modelId: is required; "
                + "model.temperature: must be between 0 and 2", e.getMessage());
        assertEquals(3, ((List<?>) e.details().get("violations")).size());
    }

    @Test
    void javaValuesThatAreNotJsonAreReportedNotThrown() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("system", "s");
        json.put("when", new Date(0));
        assertEquals(List.of(new Violation("prompt", "contains an unsupported Date, which is not a JSON value")),
                ComponentShapes.validate(ComponentKind.PROMPT, json));
    }

    @Test
    void nestingDeeperThanTheParserAllowsIsReported() {
        Object deep = List.of();
        for (int i = 0; i < 64; i++) {
            deep = List.of(deep);
        }
        Map<String, Object> json = Map.of("indexId", "i", "metadata", Map.of("deep", deep));
        assertEquals(List.of(new Violation("knowledgeBase", "nests deeper than 64 levels")),
                ComponentShapes.validate(ComponentKind.KNOWLEDGE_BASE, json));
    }

    @Test
    void javaNumberTypesAreAcceptedAndNormalised() {
        Map<String, Object> json = Map.of("provider", "p", "modelId", "m", "temperature", 0.7d, "maxTokens", 512);
        ComponentContent content = ComponentContent.of(ComponentKind.MODEL, json, LIMIT);
        assertEquals("{\"maxTokens\":512,\"modelId\":\"m\",\"provider\":\"p\",\"temperature\":0.7}", content.canonical());
        assertEquals(new BigDecimal("0.7"), ((Map<?, ?>) content.json()).get("temperature"));
    }

    @Test
    void contentOverTheSizeLimitIsRejectedWithBothNumbers() {
        // Canonical form {"system":"é"} is 15 UTF-8 bytes: é takes two.
        Map<String, Object> json = Map.of("system", "é");
        assertEquals(15, ComponentContent.of(ComponentKind.PROMPT, json, 15).canonical().getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length);

        TightropeException e = assertThrows(TightropeException.class,
                () -> ComponentContent.of(ComponentKind.PROMPT, json, 14));

        assertEquals(ErrorCode.VALIDATION, e.code());
        assertEquals("Invalid input: prompt: is 15 bytes; the limit is 14 bytes "
                + "(tightrope.registry.max-component-bytes)", e.getMessage());
    }

    @Test
    void sizeIsMeasuredOnTheCanonicalFormNotTheClientsFormatting() {
        Object spacious = JsonParser.parse("{\n    \"system\"   :   \"x\"\n}");
        assertEquals("{\"system\":\"x\"}", ComponentContent.of(ComponentKind.PROMPT, spacious, 14).canonical());
    }

    @Test
    void storedContentReadsBackEqualToWhatWasWritten() {
        Object json = JsonParser.parse("{\"tools\":[{\"name\":\"search\",\"parameters\":{\"max\":10.0}}],\"extra\":1e2}");
        ComponentContent written = ComponentContent.of(ComponentKind.TOOLS, json, LIMIT);

        ComponentContent read = ComponentContent.fromStored(ComponentKind.TOOLS, written.canonical());

        assertEquals(written, read);
        assertEquals("{\"extra\":100,\"tools\":[{\"name\":\"search\",\"parameters\":{\"max\":10}}]}", read.canonical());
    }
}
