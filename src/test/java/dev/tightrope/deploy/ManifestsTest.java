package dev.tightrope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Holds deploy/ and src/main/docker/ to the application: images and tags agree everywhere, probes use the real
 * health endpoints on the app's HTTP port, every environment variable is a configuration name the app reads,
 * credentials come from Secret references, selectors select the Deployment's pods, and the overlay only names
 * resources of the base. (No cluster or container engine needed: the files are parsed.)
 */
class ManifestsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path BASE = ROOT.resolve("deploy/kubernetes/base");
    private static final Path PRODUCTION = ROOT.resolve("deploy/kubernetes/overlays/production");
    /** The endpoints quarkus-smallrye-health serves (HealthAndMetricsTest calls them), by probe. */
    static final Map<String, String> PROBE_PATHS = Map.of("readinessProbe", "/q/health/ready",
            "livenessProbe", "/q/health/live", "startupProbe", "/q/health/started");
    private static final String IMAGE = "tightrope/tightrope";
    private static final Set<String> SECRET_VARIABLES = Set.of("QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN", "TIGHTROPE_SLACK_SIGNING_SECRET", "TIGHTROPE_SLACK_WEBHOOK_URL");

    private static ConfigurationNames names;
    private static Map<String, Map<String, Object>> base;
    private static String version;

    @BeforeAll
    static void load() throws IOException {
        names = new ConfigurationNames(ROOT);
        base = new LinkedHashMap<>();
        for (String file : strings(yaml(BASE.resolve("kustomization.yaml")).get("resources"))) {
            Map<String, Object> resource = yaml(BASE.resolve(file));
            base.put(resource.get("kind") + "/" + map(resource.get("metadata")).get("name"), resource);
        }
        Matcher matcher = Pattern.compile("<artifactId>tightrope</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(matcher.find()).isTrue();
        version = matcher.group(1);
    }

    @Test
    void theBaseHasTheResourcesOfTwoInstances() {
        assertThat(base).containsKeys("Deployment/tightrope", "Service/tightrope", "PodDisruptionBudget/tightrope",
                "ConfigMap/tightrope-config");
        assertThat(map(deployment().get("spec")).get("replicas")).isEqualTo(2);
    }

    @Test
    void imagesAndTagsAgree() throws IOException {
        assertThat(container().get("image")).isEqualTo(IMAGE + ":" + version);
        Map<String, Object> overlay = yaml(PRODUCTION.resolve("kustomization.yaml"));
        Map<String, Object> released = map(list(overlay.get("images")).get(0));
        assertThat(released.get("name")).as("the overlay's image must name the base's").isEqualTo(IMAGE);
        assertThat(released.get("newTag")).isEqualTo(version.replace("-SNAPSHOT", ""));
        for (Map<String, Object> service : tightropeServices()) {
            assertThat(service.get("image")).isEqualTo(IMAGE + ":" + version);
            Map<String, Object> build = map(service.get("build"));
            assertThat(ROOT.resolve("deploy").resolve((String) build.get("context"))
                    .resolve((String) build.get("dockerfile")).normalize()).isRegularFile();
        }
        for (String image : allImages()) {
            String first = image.contains("/") ? image.substring(0, image.indexOf('/')) : "";
            assertThat(first).as("image %s names no registry host", image).doesNotContain(".", ":");
        }
    }

    @Test
    void theDockerfilesBuildWhatTheManifestsRun() throws IOException {
        String jvm = Files.readString(ROOT.resolve("src/main/docker/Dockerfile.jvm"));
        String nativeImage = Files.readString(ROOT.resolve("src/main/docker/Dockerfile.native"));
        // the AOT cache is written by the build stage's JDK 25 and only taken by that JVM: the runtime copies it
        assertThat(froms(jvm)).anyMatch(from -> from.startsWith("maven:") && from.contains("temurin-25"));
        assertThat(froms(jvm).get(froms(jvm).size() - 1)).startsWith("eclipse-temurin:25-jre");
        assertThat(jvm).contains("mvn -B verify -Daot", "COPY --from=build /opt/java/openjdk/ /opt/java/openjdk/",
                        "target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/",
                        "target/quarkus-app/app.aot /deployments/app.aot")
                .containsPattern("ENTRYPOINT \\[.*\"-XX:AOTCache=/deployments/app.aot\".*\"/deployments/quarkus-run.jar\"\\]");
        assertThat(nativeImage).contains("ARG MANDREL_IMAGE=quarkus/ubi-quarkus-mandrel-builder-image:",
                "FROM ${MANDREL_IMAGE}", "-Dnative -Dquarkus.native.sources-only=true", "native-image.args");
        Object uid = map(map(map(deployment().get("spec")).get("template")).get("spec")).get("securityContext");
        for (String dockerfile : List.of(jvm, nativeImage)) {
            assertThat(dockerfile).contains("USER " + map(uid).get("runAsUser"), "EXPOSE " + httpPort());
        }
    }

    @Test
    void probesAreHealthEndpointsOnTheHttpPort() {
        Map<String, Object> container = container();
        Map<String, Object> port = map(list(container.get("ports")).get(0));
        assertThat(port.get("containerPort")).isEqualTo(httpPort());
        for (String probe : PROBE_PATHS.keySet()) {
            Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
            assertThat(probeProblem(probe, (String) get.get("path"))).isNull();
            assertThat(get.get("port")).isEqualTo(port.get("name"));
        }
    }

    @Test
    void everyEnvironmentVariableIsAConfigurationName() {
        Set<String> variables = new TreeSet<>(map(base.get("ConfigMap/tightrope-config").get("data")).keySet());
        list(container().get("env")).forEach(env -> variables.add((String) map(env).get("name")));
        tightropeServices().forEach(service -> variables.addAll(map(service.get("environment")).keySet()));
        assertThat(variables).allSatisfy(variable -> assertThat(names.isKnownVariable(variable))
                .as("%s is a configuration name of the app", variable).isTrue());
    }

    @Test
    void theReadmeTableWritesEachVariableFromItsProperty() {
        assertThat(names.readmeRows()).isNotEmpty().allSatisfy(row -> {
            String[] parts = row.split(" ");
            assertThat(parts[1]).isEqualTo(ConfigurationNames.toVariable(parts[0]));
        });
    }

    @Test
    void credentialsComeFromSecretReferences() throws IOException {
        Map<String, Object> secretRefs = new LinkedHashMap<>();
        for (Object item : list(container().get("env"))) {
            Map<String, Object> env = map(item);
            assertThat(env).as("no literal values in the Deployment").doesNotContainKey("value");
            Object ref = map(env.get("valueFrom")).get("secretKeyRef");
            if (ref != null) {
                secretRefs.put((String) env.get("name"), map(ref).get("name"));
            }
        }
        assertThat(secretRefs.keySet()).containsExactlyInAnyOrderElementsOf(SECRET_VARIABLES);
        assertThat(Set.copyOf(secretRefs.values())).containsExactly("tightrope-secrets");
        assertThat(map(base.get("ConfigMap/tightrope-config").get("data")).keySet()).doesNotContainAnyElementsOf(
                SECRET_VARIABLES);
        Set<String> interpolated = new TreeSet<>();
        for (Map<String, Object> service : tightropeServices()) {
            for (String variable : SECRET_VARIABLES) {
                Object value = map(service.get("environment")).get(variable);
                if (value != null && !variable.endsWith("_USERNAME") && !variable.endsWith("_URL")) {
                    Matcher reference = Pattern.compile("^\\$\\{(\\w+):\\?.*}$").matcher((String) value);
                    assertThat(reference.matches()).as("%s comes from deploy/.env", variable).isTrue();
                    interpolated.add(reference.group(1));
                }
            }
        }
        Set<String> example = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve("deploy/.env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                example.add(line.substring(0, line.indexOf('=')));
            }
        }
        assertThat(example).containsAll(interpolated).contains("TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN");
        assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains("deploy/.env\n");
    }

    @Test
    void selectorsSelectTheDeploymentsPods() {
        Map<String, Object> labels = podLabels();
        assertThat(selectorProblem(matchLabels(deployment()), labels)).isNull();
        assertThat(selectorProblem(matchLabels(base.get("PodDisruptionBudget/tightrope")), labels)).isNull();
        Map<String, Object> service = map(base.get("Service/tightrope").get("spec"));
        assertThat(selectorProblem(map(service.get("selector")), labels)).isNull();
        Object targetPort = map(list(service.get("ports")).get(0)).get("targetPort");
        assertThat(list(container().get("ports"))).anySatisfy(port -> assertThat(
                List.of(map(port).get("name"), map(port).get("containerPort"))).contains(targetPort));
    }

    @Test
    void theOverlayNamesOnlyResourcesOfTheBase() throws IOException {
        Map<String, Object> overlay = yaml(PRODUCTION.resolve("kustomization.yaml"));
        for (String resource : strings(overlay.get("resources"))) {
            assertThat(PRODUCTION.resolve(resource).normalize()).exists();
        }
        for (Object item : list(overlay.get("patches"))) {
            Map<String, Object> patch = map(item);
            Map<String, Object> target = map(patch.get("target"));
            assertThat(base).containsKey(target.get("kind") + "/" + target.get("name"));
            Map<String, Object> body = yaml(PRODUCTION.resolve((String) patch.get("path")));
            assertThat(body.get("kind") + "/" + map(body.get("metadata")).get("name"))
                    .isEqualTo(target.get("kind") + "/" + target.get("name"));
        }
        for (Object item : list(overlay.get("replicas"))) {
            assertThat(base).containsKey("Deployment/" + map(item).get("name"));
        }
    }

    @Test
    void aTypoIsCaught() {
        assertThat(names.isKnownVariable("TIGHTROPE_JUDGE_EVERY")).isTrue();
        assertThat(names.isKnownVariable("TIGHTROPE_SLACK_NOTIFICATIONS_MAX_ATTEMPTS")).isTrue();
        assertThat(names.isKnownVariable("TIGHTROPE_JUDGE_EVREY")).isFalse();
        assertThat(names.isKnownVariable("QUARKUS_DATASOURCE_PASWORD")).isFalse();
        assertThat(probeProblem("readinessProbe", "/q/health/redy")).isNotNull();
        assertThat(probeProblem("livenessProbe", "/q/health/ready")).isNotNull();
        assertThat(selectorProblem(Map.of("app.kubernetes.io/name", "tightrop"), podLabels())).isNotNull();
    }

    static String probeProblem(String probe, String path) {
        return PROBE_PATHS.get(probe).equals(path) ? null : probe + " must use " + PROBE_PATHS.get(probe);
    }

    static String selectorProblem(Map<String, Object> selector, Map<String, Object> labels) {
        if (selector.isEmpty()) {
            return "empty selector";
        }
        return labels.entrySet().containsAll(selector.entrySet()) ? null : selector + " does not select " + labels;
    }

    private static int httpPort() {
        return Integer.parseInt((String) map(base.get("ConfigMap/tightrope-config").get("data"))
                .getOrDefault("QUARKUS_HTTP_PORT", "8080"));
    }

    private static Map<String, Object> deployment() {
        return base.get("Deployment/tightrope");
    }

    private static Map<String, Object> container() {
        Map<String, Object> template = map(map(deployment().get("spec")).get("template"));
        return map(list(map(template.get("spec")).get("containers")).get(0));
    }

    private static Map<String, Object> podLabels() {
        return map(map(map(map(deployment().get("spec")).get("template")).get("metadata")).get("labels"));
    }

    private static Map<String, Object> matchLabels(Map<String, Object> resource) {
        return map(map(map(resource.get("spec")).get("selector")).get("matchLabels"));
    }

    private static List<Map<String, Object>> tightropeServices() {
        List<Map<String, Object>> services = new ArrayList<>();
        try {
            map(yaml(ROOT.resolve("deploy/compose.yaml")).get("services")).forEach((name, service) -> {
                if (name.startsWith("tightrope")) {
                    services.add(map(service));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(services).hasSize(2);
        return services;
    }

    private static List<String> allImages() throws IOException {
        List<String> images = new ArrayList<>();
        images.add((String) container().get("image"));
        map(yaml(ROOT.resolve("deploy/compose.yaml")).get("services"))
                .values().forEach(service -> images.add((String) map(service).get("image")));
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            String text = Files.readString(ROOT.resolve("src/main/docker").resolve(dockerfile));
            froms(text).stream().filter(from -> !from.startsWith("$")).forEach(images::add);
            Matcher arg = Pattern.compile("ARG \\w+_IMAGE=(\\S+)").matcher(text);
            while (arg.find()) {
                images.add(arg.group(1));
            }
        }
        return images;
    }

    private static List<String> froms(String dockerfile) {
        List<String> froms = new ArrayList<>();
        Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile);
        while (from.find()) {
            froms.add(from.group(1));
        }
        return froms;
    }

    private static Map<String, Object> yaml(Path path) throws IOException {
        return map(new Yaml().load(Files.readString(path)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static List<Object> list(Object value) {
        return value == null ? List.of() : castList(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object value) {
        return (List<Object>) value;
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String.class::cast).toList();
    }
}
