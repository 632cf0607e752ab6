package dev.tightrope.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration names the application really reads, gathered from its sources: the {@code @ConfigMapping}
 * interfaces (prefix, methods in kebab case, nested groups), {@code @ConfigProperty} names, the keys of
 * application.properties and the README's configuration table. An environment variable is a real one when it is
 * one of these names written the MicroProfile way (upper case, {@code .} and {@code -} as {@code _}).
 */
final class ConfigurationNames {

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern METHOD = Pattern.compile("^\\s+(?:[\\w.<>, ]+) (\\w+)\\(\\);", Pattern.MULTILINE);
    private static final Pattern GROUP = Pattern.compile("^\\s+(\\w+) (\\w+)\\(\\);", Pattern.MULTILINE);
    private static final Pattern NESTED = Pattern.compile("\\binterface (\\w+) \\{");
    private static final Pattern PROPERTY = Pattern.compile("@ConfigProperty\\(name = \"([^\"]+)\"");
    private static final Pattern README_ROW = Pattern.compile("^\\| `([a-z][\\w.-]+)` \\| `([A-Z][A-Z0-9_]+)` \\|",
            Pattern.MULTILINE);

    private final Set<String> properties = new TreeSet<>();
    private final Set<String> readmeRows = new TreeSet<>();

    ConfigurationNames(Path root) {
        try (Stream<Path> sources = Files.walk(root.resolve("src/main/java"))) {
            sources.filter(path -> path.toString().endsWith(".java")).forEach(this::scanSource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : read(root.resolve("src/main/resources/application.properties")).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("%") && line.contains("=")) {
                properties.add(line.substring(0, line.indexOf('=')).trim());
            }
        }
        Matcher row = README_ROW.matcher(read(root.resolve("README.md")));
        while (row.find()) {
            properties.add(row.group(1));
            readmeRows.add(row.group(1) + " " + row.group(2));
        }
    }

    /** Every property name found. */
    Set<String> properties() {
        return properties;
    }

    /** The README's configuration table as "property ENV_VARIABLE" rows. */
    Set<String> readmeRows() {
        return readmeRows;
    }

    /** Whether {@code variable} sets one of the application's configuration names. */
    boolean isKnownVariable(String variable) {
        return properties.stream().anyMatch(property -> toVariable(property).equals(variable));
    }

    static String toVariable(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private void scanSource(Path path) {
        String text = read(path);
        Matcher property = PROPERTY.matcher(text);
        while (property.find()) {
            properties.add(property.group(1));
        }
        Matcher mapping = MAPPING.matcher(text);
        if (!mapping.find()) {
            return;
        }
        String prefix = mapping.group(1);
        String body = text.substring(mapping.end());
        Matcher nested = NESTED.matcher(body);
        nested.find(); // the mapping interface itself
        int firstNested = nested.find() ? nested.start() : body.length();
        addMethods(prefix, body.substring(0, firstNested));
        // nested groups: "Notifications notifications();" maps the methods of interface Notifications under it
        Matcher group = GROUP.matcher(body.substring(0, firstNested));
        while (group.find()) {
            int declared = body.indexOf("interface " + group.group(1) + " {");
            if (declared >= 0) {
                properties.remove(prefix + "." + kebab(group.group(2)));
                addMethods(prefix + "." + kebab(group.group(2)), body.substring(declared));
            }
        }
    }

    private void addMethods(String prefix, String body) {
        Matcher method = METHOD.matcher(body);
        while (method.find()) {
            properties.add(prefix + "." + kebab(method.group(1)));
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
