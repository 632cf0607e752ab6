/**
 * Local routing: the routing configuration a runtime caches ({@link dev.tightrope.sdk.routing.RoutingConfig}), the
 * server's sticky bucketing ({@link dev.tightrope.sdk.routing.Bucketing}) and the decision for one request
 * ({@link dev.tightrope.sdk.routing.Decision}).
 */
package dev.tightrope.sdk.routing;
