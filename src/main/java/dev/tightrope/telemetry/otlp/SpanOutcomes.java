package dev.tightrope.telemetry.otlp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.ByteString;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.release.domain.Arm;
import dev.tightrope.telemetry.application.OutcomeIngestion;
import dev.tightrope.telemetry.domain.RawOutcome;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * Reads the spans of one OTLP export into outcomes: each agent span becomes one {@link RawOutcome}, with the tool
 * spans under it as its tool calls; every other span is counted by why it did not become one. The outcomes then go
 * through the same rules and ingestion as every other report ({@link OutcomeIngestion}). The mapping is the table in
 * docs/runtime-api.md ("POST /v1/traces"); in short:
 *
 * <ul>
 * <li><b>Agent span</b>: {@code gen_ai.operation.name = invoke_agent}, a name starting {@code invoke_agent}, or any
 * {@code tightrope.*} attribute. One without {@code tightrope.*} attributes is only taken when its agent
 * ({@code gen_ai.agent.name}) has something deployed in its environment and it names a version (an OpenFeature
 * variant {@code v14}); otherwise it is not Tightrope's, and is counted ({@link Unmapped#UNKNOWN_AGENT},
 * {@link Unmapped#NO_VERSION}) and left alone. A span that is taken and breaks a rule is refused: it is
 * reported in {@code partial_success}.</li>
 * <li><b>Tool span</b>: {@code gen_ai.operation.name = execute_tool} or a name starting {@code execute_tool}. It is
 * a tool call of the nearest agent span above it (following parent span ids within the request) that was taken; an
 * agent span that was left alone (a sub-agent Tightrope does not know) passes its tool calls up. Only spans of the
 * same request are joined: a tool span whose agent span came in another export is counted as
 * {@link Unmapped#ORPHAN_TOOL_SPAN}.</li>
 * </ul>
 * Nothing is converted: an attribute of the wrong OTLP type, a negative token count or a score outside 0..1 refuses
 * the span with a message naming the attribute.
 */
final class SpanOutcomes {

    static final String INVOKE_AGENT = "invoke_agent";
    static final String EXECUTE_TOOL = "execute_tool";
    static final String EVALUATION_EVENT = "gen_ai.evaluation.result";
    static final String FLAG_EVENT = "feature_flag.evaluation";
    static final String DEFAULT_ENVIRONMENT = "production";

    private static final HexFormat HEX = HexFormat.of();

    /** What the mapping needs to know of the deployments (in memory; {@code GenerationHistory} in production). */
    interface Deployments {

        /** Whether the agent has something deployed in the environment. */
        boolean deployed(String agent, String environment);

        /** The arm the version is served on, or null (see {@code GenerationHistory.armOf}). */
        Arm armOf(String agent, String environment, int version);
    }

    /** Why a span did not become an outcome: the {@code reason} of {@code tightrope_otlp_spans_unmapped_total}. */
    enum Unmapped {
        /** Neither an agent span nor a tool span (a model call, an HTTP request, …). */
        NOT_AGENT_SPAN,
        /** A tool span without an agent span above it in the same request. */
        ORPHAN_TOOL_SPAN,
        /** An agent span without tightrope.* attributes whose agent has nothing deployed in its environment. */
        UNKNOWN_AGENT,
        /** An agent span without tightrope.* attributes of a deployed agent that names no version. */
        NO_VERSION,
        /** A span whose trace and span id came before in the same request. */
        DUPLICATE_SPAN,
        /** An agent span that was taken and refused (it is in partial_success). */
        REJECTED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The outcomes of an export, in request order, each with the span it came from ({@code spans.get(position)},
     * "span 00f067aa0ba902b7 of trace 4bf9…"); the spans that did not map, by reason; and the batch id that makes a
     * repeated export count once (null when there is no outcome).
     */
    record Mapped(List<OutcomeIngestion.Entry> entries, List<String> spans, Map<Unmapped, Integer> unmapped,
            String batchId) {
    }

    private enum Kind { AGENT, TOOL, OTHER }

    private record SpanKey(ByteString traceId, ByteString spanId) {
    }

    /** One span of the request, with what is known of it so far. */
    private static final class Node {
        final Span span;
        final SpanAttributes attributes;
        final SpanAttributes resource;
        Kind kind;
        boolean taken;
        final List<Node> tools = new ArrayList<>();

        Node(Span span, SpanAttributes resource) {
            this.span = span;
            this.attributes = new SpanAttributes(span.getAttributesList(), "");
            this.resource = resource;
        }
    }

    private SpanOutcomes() {
    }

    static Mapped map(ExportTraceServiceRequest request, Deployments deployments) {
        List<Node> nodes = new ArrayList<>();
        Map<SpanKey, Node> byId = new HashMap<>();
        Map<Unmapped, Integer> unmapped = new EnumMap<>(Unmapped.class);
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            SpanAttributes resource = new SpanAttributes(resourceSpans.getResource().getAttributesList(),
                    "resource.");
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    Node node = new Node(span, resource);
                    if (byId.putIfAbsent(new SpanKey(span.getTraceId(), span.getSpanId()), node) != null) {
                        count(unmapped, Unmapped.DUPLICATE_SPAN);
                        continue;
                    }
                    node.kind = kind(node);
                    nodes.add(node);
                }
            }
        }
        List<Node> taken = new ArrayList<>();
        for (Node node : nodes) {
            if (node.kind == Kind.AGENT) {
                Unmapped notOurs = notOurs(node, deployments);
                if (notOurs == null) {
                    node.taken = true;
                    taken.add(node);
                } else {
                    count(unmapped, notOurs);
                }
            }
        }
        for (Node node : nodes) {
            if (node.kind == Kind.TOOL) {
                Node owner = owner(node, byId, nodes.size());
                if (owner == null) {
                    count(unmapped, Unmapped.ORPHAN_TOOL_SPAN);
                } else {
                    owner.tools.add(node);
                }
            } else if (node.kind == Kind.OTHER) {
                count(unmapped, Unmapped.NOT_AGENT_SPAN);
            }
        }
        List<OutcomeIngestion.Entry> entries = new ArrayList<>(taken.size());
        List<String> spans = new ArrayList<>(taken.size());
        for (int position = 0; position < taken.size(); position++) {
            Node node = taken.get(position);
            spans.add("span " + HEX.formatHex(node.span.getSpanId().toByteArray()) + " of trace "
                    + HEX.formatHex(node.span.getTraceId().toByteArray()));
            try {
                entries.add(new OutcomeIngestion.Entry(position, outcome(node, deployments), null));
            } catch (TightropeException refused) {
                entries.add(new OutcomeIngestion.Entry(position, null, refused));
            }
        }
        return new Mapped(entries, spans, unmapped, taken.isEmpty() ? null : batchId(taken));
    }

    private static Kind kind(Node node) {
        String operation = node.attributes.stringOrNull("gen_ai.operation.name");
        String name = node.span.getName();
        if (INVOKE_AGENT.equals(operation) || name.startsWith(INVOKE_AGENT) || node.attributes.hasPrefix("tightrope.")) {
            return Kind.AGENT;
        }
        if (EXECUTE_TOOL.equals(operation) || name.startsWith(EXECUTE_TOOL)) {
            return Kind.TOOL;
        }
        return Kind.OTHER;
    }

    /**
     * Null when the agent span is Tightrope's (it carries tightrope.* attributes, or its agent is deployed and it
     * names a version); otherwise why it is left alone.
     */
    private static Unmapped notOurs(Node node, Deployments deployments) {
        if (node.attributes.hasPrefix("tightrope.")) {
            return null;
        }
        String agent = node.attributes.stringOrNull("gen_ai.agent.name");
        String environment = node.resource.stringOrNull("deployment.environment.name");
        if (environment == null) {
            environment = node.resource.stringOrNull("deployment.environment");
        }
        if (agent == null || !deployments.deployed(agent, environment == null ? DEFAULT_ENVIRONMENT : environment)) {
            return Unmapped.UNKNOWN_AGENT;
        }
        String variant = node.attributes.stringOrNull("feature_flag.result.variant");
        if (variant == null) {
            SpanAttributes flag = flagEvent(node.span, agent);
            variant = flag == null ? null : flag.stringOrNull("feature_flag.result.variant");
        }
        return variant != null && versionOfVariant(variant) != null ? null : Unmapped.NO_VERSION;
    }

    /** The nearest taken agent span above a tool span, within the request; null when there is none. */
    private static Node owner(Node tool, Map<SpanKey, Node> byId, int limit) {
        Node current = tool;
        for (int steps = 0; steps < limit; steps++) { // a cycle of parent ids ends here
            ByteString parent = current.span.getParentSpanId();
            if (parent.isEmpty()) {
                return null;
            }
            Node above = byId.get(new SpanKey(current.span.getTraceId(), parent));
            if (above == null) {
                return null;
            }
            if (above.taken) {
                return above;
            }
            current = above;
        }
        return null;
    }

    /** The outcome of a taken agent span, or a refusal naming every broken rule of the mapping. */
    private static RawOutcome outcome(Node node, Deployments deployments) {
        List<Violation> violations = new ArrayList<>();
        SpanAttributes a = node.attributes;
        Span span = node.span;
        if (span.getTraceId().size() != 16) {
            violations.add(new Violation("traceId", "must be 16 bytes (32 hex digits in OTLP/JSON), not "
                    + span.getTraceId().size()));
        }
        if (span.getSpanId().size() != 8) {
            violations.add(new Violation("spanId", "must be 8 bytes (16 hex digits in OTLP/JSON), not "
                    + span.getSpanId().size()));
        }
        String agent = a.has("tightrope.agent") ? a.string("tightrope.agent", violations)
                : a.string("gen_ai.agent.name", violations);
        if (agent == null && !a.has("tightrope.agent") && !a.has("gen_ai.agent.name")) {
            violations.add(new Violation("tightrope.agent", "is required (or gen_ai.agent.name): the agent's slug"));
        }
        String environment = environment(node, violations);
        if (agent != null && environment != null && !deployments.deployed(agent, environment)) {
            throw TightropeException.notFound("Agent '" + agent + "' has nothing deployed in environment '"
                    + environment + "'");
        }
        Long version = a.whole("tightrope.version", violations);
        if (version != null && (version < Integer.MIN_VALUE || version > Integer.MAX_VALUE)) {
            violations.add(new Violation("tightrope.version", "must be a version number, not " + version));
            version = null;
        }
        String arm = a.string("tightrope.arm", violations);
        Long generation = a.whole("tightrope.generation", violations);
        SpanAttributes flag = agent == null ? null : flagEvent(span, agent);
        boolean named = a.has("tightrope.version") || a.has("tightrope.generation");
        if (!named) {
            int before = violations.size();
            String variant = variant(a, flag, violations);
            if (variant != null) {
                Integer fromVariant = versionOfVariant(variant);
                if (fromVariant == null) {
                    violations.add(new Violation(flag != null && !a.has("feature_flag.result.variant")
                            ? flag.path("feature_flag.result.variant") : "feature_flag.result.variant",
                            "'" + variant + "' is not a version: 'v' and the version number, e.g. v14"));
                } else {
                    version = (long) fromVariant;
                }
            } else if (violations.size() == before) {
                violations.add(new Violation("tightrope.version", "is required: give tightrope.version, or "
                        + "tightrope.generation and tightrope.arm (as route() answered), or "
                        + "feature_flag.result.variant (\"v14\")"));
            }
        }
        if (version != null && arm == null && !a.has("tightrope.arm") && generation == null && agent != null
                && environment != null) {
            Arm served = deployments.armOf(agent, environment, version.intValue());
            if (served == null) {
                violations.add(new Violation("tightrope.arm", "is required: version " + version + " is neither "
                        + "the stable nor the canary version of " + agent + "/" + environment
                        + " in any generation known here"));
            } else {
                arm = served.name();
            }
        }
        String routingKey = routingKey(a, flag, violations);
        String rolloutId = a.string("tightrope.rollout_id", violations);
        Instant occurredAt = time(span.getEndTimeUnixNano(), "endTimeUnixNano", violations);
        Instant startedAt = time(span.getStartTimeUnixNano(), "startTimeUnixNano", violations);
        Double latencyMs = occurredAt == null || startedAt == null ? null
                : (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1_000_000.0;
        Boolean taskCompleted = a.bool("tightrope.task_completed", violations);
        Double costUsd = a.number("tightrope.cost_usd", violations);
        Long inputTokens = a.whole("gen_ai.usage.input_tokens", violations);
        Long outputTokens = a.whole("gen_ai.usage.output_tokens", violations);
        Double evalScore = a.has("tightrope.eval_score") ? a.number("tightrope.eval_score", violations)
                : evaluation(span, violations);
        List<RawOutcome.RawToolCall> tools = toolCalls(node, violations);
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        return new RawOutcome(agent, environment, version == null ? null : version.intValue(), arm, generation,
                rolloutId, routingKey, occurredAt, failed(span, a) ? "ERROR" : "SUCCESS", taskCompleted, latencyMs,
                costUsd, inputTokens, outputTokens, tools, evalScore);
    }

    /** tightrope.environment, else the resource's deployment.environment.name or deployment.environment. */
    private static String environment(Node node, List<Violation> violations) {
        if (node.attributes.has("tightrope.environment")) {
            return node.attributes.string("tightrope.environment", violations);
        }
        for (String key : List.of("deployment.environment.name", "deployment.environment")) {
            if (node.resource.has(key)) {
                return node.resource.string(key, violations);
            }
        }
        return DEFAULT_ENVIRONMENT;
    }

    private static String variant(SpanAttributes a, SpanAttributes flag, List<Violation> violations) {
        if (a.has("feature_flag.result.variant")) {
            return a.string("feature_flag.result.variant", violations);
        }
        return flag == null ? null : flag.string("feature_flag.result.variant", violations);
    }

    /** The first routing key given: tightrope.routing_key, feature_flag.context.id (span, then event), user.id, session.id. */
    private static String routingKey(SpanAttributes a, SpanAttributes flag, List<Violation> violations) {
        for (String key : List.of("tightrope.routing_key", "feature_flag.context.id")) {
            if (a.has(key)) {
                return a.string(key, violations);
            }
        }
        if (flag != null && flag.has("feature_flag.context.id")) {
            return flag.string("feature_flag.context.id", violations);
        }
        for (String key : List.of("user.id", "session.id")) {
            if (a.has(key)) {
                return a.string(key, violations);
            }
        }
        return null;
    }

    /** The attributes of the span's feature_flag.evaluation event of this agent's flag (its slug), or null. */
    private static SpanAttributes flagEvent(Span span, String agent) {
        for (int i = 0; i < span.getEventsCount(); i++) {
            Span.Event event = span.getEvents(i);
            if (FLAG_EVENT.equals(event.getName())) {
                SpanAttributes attributes = new SpanAttributes(event.getAttributesList(),
                        "event " + FLAG_EVENT + "[" + i + "].");
                if (agent.equals(attributes.stringOrNull("feature_flag.key"))) {
                    return attributes;
                }
            }
        }
        return null;
    }

    /** {@code v14} → 14; null for anything else. */
    static Integer versionOfVariant(String variant) {
        int length = variant.length();
        if (length < 2 || length > 10 || variant.charAt(0) != 'v' || variant.charAt(1) == '0') {
            return null;
        }
        for (int i = 1; i < length; i++) {
            if (variant.charAt(i) < '0' || variant.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.valueOf(variant.substring(1));
    }

    /**
     * The mean score of the span's gen_ai.evaluation.result events (those without error.type, which mark an
     * evaluation that failed); each must be 0 to 1. Null when there is none.
     */
    private static Double evaluation(Span span, List<Violation> violations) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < span.getEventsCount(); i++) {
            Span.Event event = span.getEvents(i);
            if (!EVALUATION_EVENT.equals(event.getName())) {
                continue;
            }
            SpanAttributes attributes = new SpanAttributes(event.getAttributesList(),
                    "event " + EVALUATION_EVENT + "[" + i + "].");
            if (attributes.has("error.type")) {
                continue;
            }
            Double score = attributes.number("gen_ai.evaluation.score.value", violations);
            if (score == null) {
                continue;
            }
            if (!(score >= 0 && score <= 1)) {
                violations.add(new Violation(attributes.path("gen_ai.evaluation.score.value"), "must be between 0 "
                        + "and 1 to be an evalScore, not " + score));
                continue;
            }
            sum += score;
            count++;
        }
        return count == 0 ? null : sum / count;
    }

    /** The tool calls of an agent span, in the order they started. */
    private static List<RawOutcome.RawToolCall> toolCalls(Node node, List<Violation> violations) {
        if (node.tools.isEmpty()) {
            return null;
        }
        List<Node> tools = new ArrayList<>(node.tools);
        tools.sort(Comparator.comparingLong(tool -> tool.span.getStartTimeUnixNano()));
        List<RawOutcome.RawToolCall> calls = new ArrayList<>(tools.size());
        for (Node tool : tools) {
            Span span = tool.span;
            SpanAttributes attributes = new SpanAttributes(span.getAttributesList(), "execute_tool span "
                    + HEX.formatHex(span.getSpanId().toByteArray()) + ".");
            String name = attributes.has("gen_ai.tool.name") ? attributes.string("gen_ai.tool.name", violations)
                    : nameAfterOperation(span.getName());
            long start = span.getStartTimeUnixNano();
            long end = span.getEndTimeUnixNano();
            Double latencyMs = start <= 0 || end <= 0 ? null : (end - start) / 1_000_000.0;
            calls.add(new RawOutcome.RawToolCall(name, failed(span, attributes) ? "ERROR" : "SUCCESS", latencyMs));
        }
        return calls;
    }

    /** "execute_tool lookup_order" → "lookup_order" (the span name the GenAI conventions give); else null. */
    private static String nameAfterOperation(String spanName) {
        String rest = spanName.substring(EXECUTE_TOOL.length()).strip();
        return rest.isEmpty() ? null : rest;
    }

    /** ERROR when the span's status is ERROR or it has error.type. */
    private static boolean failed(Span span, SpanAttributes attributes) {
        return span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR || attributes.has("error.type");
    }

    private static Instant time(long unixNano, String field, List<Violation> violations) {
        if (unixNano == 0) {
            violations.add(new Violation(field, "is required"));
            return null;
        }
        if (unixNano < 0) { // fixed64 read as signed: beyond 2262
            violations.add(new Violation(field, "is after the year 2262"));
            return null;
        }
        return Instant.ofEpochSecond(unixNano / 1_000_000_000L, unixNano % 1_000_000_000L);
    }

    /**
     * "otlp:" and the SHA-256 of the taken agent spans' trace and span ids, sorted: the same export sent again (an
     * exporter's retry) has the same id, and is counted once.
     */
    private static String batchId(List<Node> taken) {
        List<String> ids = new ArrayList<>(taken.size());
        for (Node node : taken) {
            ids.add(HEX.formatHex(node.span.getTraceId().toByteArray()) + "/"
                    + HEX.formatHex(node.span.getSpanId().toByteArray()));
        }
        ids.sort(null);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String id : ids) {
                digest.update(id.getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) '\n');
            }
            return "otlp:" + HEX.formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static void count(Map<Unmapped, Integer> unmapped, Unmapped reason) {
        unmapped.merge(reason, 1, Integer::sum);
    }
}
