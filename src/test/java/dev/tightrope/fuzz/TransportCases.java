package dev.tightrope.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.tightrope.fuzz.FuzzCase.Auth;
import dev.tightrope.fuzz.FuzzCase.Differential;
import dev.tightrope.fuzz.FuzzCase.Expect;
import dev.tightrope.fuzz.FuzzCase.HttpCall;
import dev.tightrope.fuzz.FuzzCase.SlackSigning;
import dev.tightrope.fuzz.TestDocuments.TestDocument;

/**
 * Damage at the HTTP level — bodies over the 2 MiB limit with and without Content-Length, wrong content types,
 * other methods, GET without an Upgrade header, bad credentials — and malformed Slack requests: bad, missing or
 * stale signatures, bodies that are not form-encoded, interaction payloads that are not JSON or have wrong types.
 */
final class TransportCases {

    /** Over {@code quarkus.http.limits.max-body-size=2M}. */
    static final int OVER_LIMIT = 2 * 1024 * 1024 + 4096;

    private final Random random;
    private final FuzzWorld world;

    TransportCases(Random random, FuzzWorld world) {
        this.random = random;
        this.world = world;
    }

    FuzzCase next(int n, TestDocument document) {
        Map<String, Object> body = JsonText.object();
        body.put("query", document.text());
        body.put("variables", world.validVariables(document.name(), n));
        String json = JsonText.write(body);
        boolean mutation = document.operation().equals("mutation");
        switch (random.nextInt(10)) {
            case 0, 1 -> {
                boolean chunked = random.nextBoolean();
                String padded = random.nextBoolean()
                        ? json.substring(0, json.length() - 1) + ",\"pad\":\"" + "p".repeat(OVER_LIMIT) + "\"}"
                        : " ".repeat(OVER_LIMIT) + json;
                return new FuzzCase(n, "over-2MiB:" + (chunked ? "chunked" : "content-length") + ":"
                        + document.name(), Expect.TOO_LARGE, mutation, Differential.NONE,
                        new HttpCall("POST", "/graphql", "application/json", Auth.ADMIN, FuzzCase.utf8(padded),
                                chunked, null, null), null);
            }
            case 2 -> {
                boolean chunked = random.nextBoolean();
                String padded = json.substring(0, json.length() - 1) + ",\"pad\":\""
                        + "u".repeat(1_900_000) + "\"}";
                return new FuzzCase(n, "under-2MiB:" + (chunked ? "chunked" : "content-length") + ":"
                        + document.name(), Expect.ANY, mutation, Differential.NONE, new HttpCall("POST", "/graphql",
                                "application/json", FuzzCases.authFor(document), FuzzCase.utf8(padded), chunked, null,
                                null), null);
            }
            case 3, 4 -> {
                // types a browser may send cross-site without asking, and none at all, must not run; lookalikes of
                // JSON's type may be read leniently, so they only meet the general invariants
                String type = pick(List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "", "", "application/jsonx", "text/json"));
                String contentType = type.isEmpty() ? null : type;
                Expect expect = type.contains("json") ? Expect.ANY : Expect.REFUSED;
                return new FuzzCase(n, "content-type:" + (contentType == null ? "none" : contentType) + ":"
                        + document.name(), expect, mutation, Differential.NONE, new HttpCall("POST",
                                "/graphql", contentType, Auth.ADMIN, FuzzCase.utf8(json), false, null, null), null);
            }
            case 5 -> {
                String path = pick(List.of("/graphql", "/graphql?query=%7B__typename%7D", "/graphql/",
                        "/graphql?query=" + URLEncoder.encode(document.text(), StandardCharsets.UTF_8)));
                Expect expect = path.contains("query=") && !mutation ? Expect.ANY : Expect.REFUSED;
                return new FuzzCase(n, "GET-without-upgrade:" + path.replaceAll("\\?.*", "?…"), expect,
                        mutation, Differential.NONE, new HttpCall("GET", path, null, Auth.ADMIN, null, false, null,
                                null), null);
            }
            case 6 -> {
                String method = pick(List.of("PUT", "DELETE", "PATCH", "OPTIONS"));
                return new FuzzCase(n, "method:" + method + ":" + document.name(), Expect.ANY, mutation,
                        Differential.NONE, new HttpCall(method, "/graphql", "application/json", Auth.ADMIN,
                                FuzzCase.utf8(json), false, null, null), null);
            }
            case 7, 8 -> {
                Auth auth = pick(List.of(Auth.NONE, Auth.UNKNOWN_TOKEN, Auth.MALFORMED, Auth.EMPTY_BEARER,
                        Auth.BASIC));
                return new FuzzCase(n, "auth:" + auth + ":" + document.name(), Expect.UNAUTHENTICATED, mutation,
                        Differential.NONE, HttpCall.graphql(auth, json), null);
            }
            default -> {
                return new FuzzCase(n, "auth:VIEWER:" + document.name(), mutation ? Expect.REFUSED : Expect.ANY,
                        mutation, Differential.NONE, HttpCall.graphql(Auth.VIEWER, json), null);
            }
        }
    }

    /** A request to /slack/commands or /slack/interactions, signed or not. */
    FuzzCase slack(int n) {
        boolean commands = random.nextBoolean();
        SlackSigning signing = random.nextInt(3) == 0 ? SlackSigning.VALID
                : pick(List.of(SlackSigning.values()));
        String responseUrl = world.loopbackUrl() + "/fz/" + n;
        String body;
        String kind;
        String contentType = "application/x-www-form-urlencoded";
        if (commands) {
            // with a valid signature only unlinked users act: the world must not move under the other cases
            String user = signing == SlackSigning.VALID ? "UFZ" + n : world.slackOperator();
            String text = pick(List.of("rollback " + world.agent(), "promote " + world.agent() + " production",
                    "pause " + world.agent(), "status " + world.agent(), "help", "",
                    "rollback " + world.agent() + " production to 4294967297", "rollback " + world.agent()
                            + " production to -1", "status " + Mutations.weirdString(random),
                    Mutations.weirdString(random)));
            Map<String, String> form = new java.util.LinkedHashMap<>();
            form.put("team_id", "T1DC2JH3J");
            form.put("user_id", user);
            form.put("user_name", "fuzz");
            form.put("command", "/tightrope");
            form.put("text", text);
            form.put("response_url", responseUrl);
            form.put("trigger_id", n + ".7." + Long.toHexString(random.nextLong()));
            int shape = random.nextInt(8);
            kind = "slack-command:" + signing + ":" + List.of("form", "form", "form", "no-trigger_id", "json-body",
                    "bad-percent-escapes", "repeated-fields", "binary").get(shape) + ":" + Mutations.describe(text);
            body = switch (shape) {
                case 3 -> form(Map.of("user_id", user, "text", text));
                case 4 -> JsonText.write(form);
                case 5 -> form(form) + "&text=%zz%&%%%=&=&&user_id=%";
                case 6 -> form(form) + "&user_id=U0&user_id=&trigger_id=";
                case 7 -> "\u0000\u00ff\ufffd" + "\u0001".repeat(10);
                default -> form(form);
            };
            if (shape == 4 && random.nextBoolean()) {
                contentType = "application/json";
            }
        } else {
            String payload = pick(List.of("not json", "[1,2]", "5", "", "{\"type\":\"block_actions\",\"user\":\"U1\"}",
                    "{\"type\":\"block_actions\",\"user\":{\"id\":5},\"actions\":[]}",
                    "{\"type\":\"block_actions\",\"user\":{\"id\":\"UFZ" + n + "\"},\"actions\":{}}",
                    "{\"type\":\"block_actions\",\"user\":{\"id\":\"UFZ" + n + "\"},\"actions\":[5]}",
                    click("\"tightrope.rollback\"", "\"" + world.agent() + ":production:1\"", responseUrl, n),
                    click("5", "\"" + world.agent() + ":production:1\"", responseUrl, n),
                    click("\"tightrope.rollback\"", "5", responseUrl, n),
                    click("\"tightrope.rollback\"", "null", responseUrl, n),
                    click("\"tightrope.promote\"", "\"" + world.agent() + ":production:99999999999\"", responseUrl, n),
                    click("\"tightrope.rollback\"", "\"" + world.agent() + "\"", responseUrl, n),
                    click("\"tightrope.rollback\"", "\"::\"", responseUrl, n),
                    click("\"tightrope.nothing\"", "\"a:b:c\"", responseUrl, n),
                    "{\"type\":\"view_submission\",\"user\":{\"id\":\"UFZ" + n + "\"}}",
                    "{\"type\":5}"));
            kind = "slack-interaction:" + signing + ":" + Mutations.describe(payload);
            body = random.nextInt(6) == 0 ? payload : "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        }
        Expect expect = signing == SlackSigning.VALID ? Expect.ANY : Expect.UNAUTHENTICATED;
        if (random.nextInt(40) == 0) {
            body = body + "&pad=" + "x".repeat(1_100_000);
            kind += ":over-1MiB";
            expect = signing == SlackSigning.VALID ? Expect.ANY : Expect.REFUSED;
        }
        return new FuzzCase(n, kind, expect, true, Differential.NONE, new HttpCall("POST",
                commands ? "/slack/commands" : "/slack/interactions", contentType, Auth.NONE, FuzzCase.utf8(body),
                false, signing, null), null);
    }

    private static String click(String actionId, String value, String responseUrl, int n) {
        return "{\"type\":\"block_actions\",\"user\":{\"id\":\"UFZ" + n + "\",\"username\":\"fuzz\"},"
                + "\"team\":{\"id\":\"T1DC2JH3J\"},\"trigger_id\":\"" + n + ".1.ff\",\"response_url\":\""
                + responseUrl + "\",\"actions\":[{\"action_id\":" + actionId + ",\"value\":" + value
                + ",\"action_ts\":\"" + (1_700_000_000 + n) + ".000100\",\"type\":\"button\"}]}";
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(k,
                StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
