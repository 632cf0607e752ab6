package dev.tightrope.platform.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The schema documents itself: every type, field, argument, input field and enum value of the live schema has a
 * description, so GraphiQL and generated clients show what each thing means. The failure lists every one missing,
 * as {@code Type}, {@code Type.field}, {@code Type.field(argument)} or {@code Enum.VALUE}.
 */
@QuarkusTest
class SchemaDescriptionsTest {

    /** Types left out, with all their fields and values: none, every type is described. */
    static final Set<String> ALLOWED_TYPES = Set.of();

    /** Fields of other types left out: none. */
    static final Set<String> ALLOWED_FIELDS = Set.of();

    @Test
    void everyTypeFieldArgumentAndEnumValueHasADescription() {
        JsonArray types = new JsonObject(execute("schemaDescriptions", Map.of()).body("errors", nullValue())
                .extract().asString()).getJsonObject("data").getJsonObject("__schema").getJsonArray("types");
        assertThat(undescribed(types)).as("schema elements without a description").isEmpty();
        assertThat(elements(types)).as("allowed elements that still exist (remove the others from the lists)")
                .containsAll(ALLOWED_TYPES).containsAll(ALLOWED_FIELDS);
    }

    @Test
    void aMissingDescriptionIsFound() {
        JsonArray types = new JsonArray().add(new JsonObject()
                .put("name", "Probe").put("description", "A probe.")
                .put("fields", new JsonArray()
                        .add(new JsonObject().put("name", "documented").put("description", "Is documented.")
                                .put("args", new JsonArray().add(new JsonObject().put("name", "first"))))
                        .add(new JsonObject().put("name", "bare").put("description", " ")
                                .put("args", new JsonArray())))
                .put("enumValues", new JsonArray().add(new JsonObject().put("name", "ON"))));
        assertThat(undescribed(types)).containsExactly("Probe.documented(first)", "Probe.bare", "Probe.ON");
    }

    static List<String> undescribed(JsonArray types) {
        List<String> missing = new ArrayList<>();
        for (Object item : types) {
            JsonObject type = (JsonObject) item;
            String name = type.getString("name");
            if (name.startsWith("__") || ALLOWED_TYPES.contains(name)) {
                continue;
            }
            check(type, name, missing);
            for (JsonObject field : list(type, "fields")) {
                String fieldName = name + "." + field.getString("name");
                if (ALLOWED_FIELDS.contains(fieldName)) {
                    continue;
                }
                check(field, fieldName, missing);
                for (JsonObject argument : list(field, "args")) {
                    check(argument, fieldName + "(" + argument.getString("name") + ")", missing);
                }
            }
            for (JsonObject field : list(type, "inputFields")) {
                check(field, name + "." + field.getString("name"), missing);
            }
            for (JsonObject value : list(type, "enumValues")) {
                check(value, name + "." + value.getString("name"), missing);
            }
        }
        return missing;
    }

    private static Set<String> elements(JsonArray types) {
        Set<String> names = new TreeSet<>();
        for (Object item : types) {
            JsonObject type = (JsonObject) item;
            names.add(type.getString("name"));
            list(type, "fields").forEach(field -> names.add(type.getString("name") + "." + field.getString("name")));
        }
        return names;
    }

    private static void check(JsonObject element, String path, List<String> missing) {
        String description = element.getString("description");
        if (description == null || description.isBlank()) {
            missing.add(path);
        }
    }

    private static List<JsonObject> list(JsonObject owner, String key) {
        JsonArray array = owner.getJsonArray(key);
        List<JsonObject> items = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> items.add((JsonObject) item));
        }
        return items;
    }
}
