package dev.tightrope.release.application;

import jakarta.enterprise.context.ApplicationScoped;

/** Answers route() from memory and counts the decisions. */
@ApplicationScoped
public class RouteService {

    private final RoutingTables tables;
    private final ReleaseMetrics metrics;

    RouteService(RoutingTables tables, ReleaseMetrics metrics) {
        this.tables = tables;
        this.metrics = metrics;
    }

    public RouteDecision route(String agent, String environment, String routingKey) {
        RouteDecision decision = tables.route(agent, environment, routingKey);
        metrics.routed(decision.arm());
        return decision;
    }
}
