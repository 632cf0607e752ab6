package dev.tightrope.reliability;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls {@code route()} on one instance without pause, one request at a time, for one routing key; records each new
 * generation (the version it served; canary set when the arm was CANARY). Stops at {@link #close} or at its hard
 * deadline, whichever comes first.
 */
final class RoutePoller extends Watcher {

    static final String ROUTE = "query Route($agent: String!, $environment: String!, $routingKey: String) { "
            + "route(agent: $agent, environment: $environment, routingKey: $routingKey) { version arm generation } }";

    private final Api api;
    private final Map<String, Object> variables;
    private final Thread thread;
    private final long hardDeadline;
    final AtomicLong answers = new AtomicLong();
    private volatile boolean running = true;

    RoutePoller(Api api, String agent, String environment, String routingKey, long maxSeconds) {
        super("route() on " + api.name);
        this.api = api;
        this.variables = Map.of("agent", agent, "environment", environment, "routingKey", routingKey);
        this.hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        this.thread = new Thread(this::poll, "route-poller-" + api.name);
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running && System.nanoTime() < hardDeadline) {
            try {
                Api.Answer answer = api.graphql(ROUTE, variables);
                if (answer.ok()) {
                    answers.incrementAndGet();
                    var route = answer.data("route");
                    int version = route.path("version").asInt();
                    boolean canary = "CANARY".equals(route.path("arm").asText());
                    saw(route.path("generation").asLong(), version, canary ? version : null);
                } else {
                    failed(answer.outcome());
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failed(e.toString());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
