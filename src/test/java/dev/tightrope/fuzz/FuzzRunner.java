package dev.tightrope.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tightrope.fuzz.FuzzCase.Differential;
import dev.tightrope.fuzz.Invariants.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

/**
 * Runs one case: takes the table digest first when the case may change data, sends it, checks the
 * {@link Invariants}, compares the digest again after a refusal, and for differential cases sends the engine form
 * too and compares both answers (and, from the fast-path counters, that the engine form really reached the engine).
 * Failures go to the {@link FuzzReport}.
 */
final class FuzzRunner {

    private final HttpSender http;
    private final SocketSender sockets;
    private final TableDigest digest;
    private final MeterRegistry registry;
    private final FuzzReport report;
    private final String base;
    int routePairs;
    int routePairsServedFast;
    int configPairs;
    int configPairsServedFast;
    int refusalsChecked;

    FuzzRunner(HttpSender http, SocketSender sockets, TableDigest digest, MeterRegistry registry, FuzzReport report,
            String base) {
        this.http = http;
        this.sockets = sockets;
        this.digest = digest;
        this.registry = registry;
        this.report = report;
        this.base = base;
    }

    void run(FuzzCase fuzzCase) {
        Map<String, String> before = fuzzCase.mutates() ? digest.take() : null;
        List<String> violations = new ArrayList<>();
        Answer answer;
        String reproduction = Reproduction.of(fuzzCase, base);
        if (fuzzCase.http() != null) {
            double fast = routeServed();
            answer = http.send(fuzzCase.http());
            double fastAfter = routeServed();
            Verdict verdict = Invariants.http(fuzzCase, answer);
            violations.addAll(verdict.violations());
            unchanged(before, verdict, violations);
            if (fuzzCase.differential() == Differential.ROUTE) {
                Answer engine = http.send(fuzzCase.http(), fuzzCase.http().engineBody());
                routePairs++;
                routePairsServedFast += (int) (fastAfter - fast);
                if (routeServed() != fastAfter) {
                    violations.add("[differential-void] the engine form was answered by the fast path");
                }
                compareRoute(answer, engine, violations);
                reproduction += "\n    engine form: " + Reproduction.curl(fuzzCase.http(),
                        fuzzCase.http().engineBody(), base);
            }
        } else {
            double fast = configServed();
            answer = sockets.play(fuzzCase.socket(), fuzzCase.socket().frames());
            double fastAfter = configServed();
            Verdict verdict = SocketInvariants.check(fuzzCase, answer);
            violations.addAll(verdict.violations());
            unchanged(before, verdict, violations);
            if (fuzzCase.differential() == Differential.CONFIG) {
                Answer engine = sockets.play(fuzzCase.socket(), fuzzCase.socket().engineFrames());
                configPairs++;
                configPairsServedFast += (int) (fastAfter - fast);
                if (configServed() != fastAfter) {
                    violations.add("[differential-void] the engine form was served by the fast path");
                }
                String fastFirst = first(answer, "1");
                String engineFirst = first(engine, "1");
                // without an awaited answer a message may come after the closing pong on one socket only
                boolean comparable = !fuzzCase.socket().awaited().isEmpty() || fastFirst != null && engineFirst != null;
                if (comparable && !normalize(String.valueOf(fastFirst)).equals(normalize(String.valueOf(engineFirst)))) {
                    violations.add("[differential] configChanged: fast path and engine sent different first "
                            + "messages: fast " + Answer.abbreviate(String.valueOf(fastFirst), 300) + " engine "
                            + Answer.abbreviate(String.valueOf(engineFirst), 300));
                }
                reproduction += "\n    engine form: " + Reproduction.websocat(new FuzzCase.SocketCall(
                        fuzzCase.socket().init(), fuzzCase.socket().auth(), fuzzCase.socket().engineFrames(),
                        List.of(), null), base);
            }
        }
        if (!violations.isEmpty()) {
            report.add(fuzzCase, violations, answer.summary(), reproduction);
        }
    }

    private void unchanged(Map<String, String> before, Verdict verdict, List<String> violations) {
        if (before != null && verdict.refusal()) {
            refusalsChecked++;
            List<String> changed = TableDigest.changed(before, digest.take());
            if (!changed.isEmpty()) {
                violations.add("[changed-data] a refused request changed " + changed);
            }
        }
    }

    private static void compareRoute(Answer fast, Answer engine, List<String> violations) {
        JsonObject fastBody = Invariants.parse(normalize(fast.text()));
        JsonObject engineBody = Invariants.parse(normalize(engine.text()));
        boolean same = fast.status() == engine.status() && (fastBody == null ? engineBody == null
                && fast.text().equals(engine.text()) : fastBody.equals(engineBody));
        if (!same) {
            violations.add("[differential] route: fast path and engine answer differently: fast " + fast.summary()
                    + " engine " + engine.summary());
        }
    }

    /** The first message of operation {@code id}, or null. */
    private static String first(Answer answer, String id) {
        for (String message : answer.messages()) {
            JsonObject json = Invariants.parse(message);
            if (json != null && id.equals(json.getValue("id"))) {
                return message;
            }
        }
        return answer.failure() == null ? null : "failure: " + answer.failure();
    }

    /** Error ids differ between any two answers; everything else must not. */
    static String normalize(String text) {
        return text.replaceAll("\"errorId\":\"[^\"]*\"", "\"errorId\":\"…\"")
                .replaceAll("Internal error [0-9a-f]+", "Internal error …");
    }

    private double routeServed() {
        return registry.counter("tightrope.graphql.route.fast.path").count();
    }

    private double configServed() {
        return registry.counter("tightrope.graphql.subscription.fast.path").count();
    }
}
