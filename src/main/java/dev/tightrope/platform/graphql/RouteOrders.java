package dev.tightrope.platform.graphql;

/**
 * The order of every Vert.x route Tightrope adds (most in front of SmallRye GraphQL's own routes on
 * {@code /graphql}), in one place, because their correctness depends on running before (or after) a value that SmallRye and Quarkus keep
 * private. Lower runs first.
 *
 * <pre>
 *   POST /v1/traces  Integer.MIN_VALUE + 1  OtlpTraceRoute: the same check, answered as OTLP's google.rpc.Status
 *   any path   Integer.MIN_VALUE + 2  RequestLimits: a declared body over the limit answers 413 at once
 *   GET, HEAD  Integer.MIN_VALUE + 3  DashboardHeaders: caching and security headers of the dashboard's files and pages
 *   GET        -102  AnonymousGraphQLGets: a GET of /graphql or below it without a token and not an upgrade: 401
 *   GET        -101  GraphQLSockets: remembers each WebSocket upgrade (to close it when its token is revoked)
 *   GET        -100  GraphQLSocketEndpoint: takes graphql-transport-ws upgrades (the subscription fast path)
 *   GET         -99  SmallRye GraphQL's own WebSocket handler (SmallRyeGraphQLProcessor's
 *                    GRAPHQL_WEBSOCKET_HANDLER_ORDER, -99 in Quarkus 3.33)
 *   GET         -98  DocumentGuard: a GET that is not a WebSocket upgrade answers 405 with a JSON body
 *   POST        -100  DocumentGuard: reads the body (counted as it arrives, cut at the limit), checks the request
 *   POST         -99  RouteFastPath: answers plain route queries without the engine
 *   POST         -98  AcknowledgeConfigFastPath: answers plain acknowledgeConfig mutations without the engine
 *   POST  (default)  SmallRye GraphQL's execution handler (the engine)
 *   any path   1060  Quarkus' generated static resources: the dashboard's files, built by Quinoa
 *              (GeneratedStaticResourcesProcessor's ROUTE_ORDER, 1060 in Quarkus 3.33)
 *   GET        40000  DashboardFallback: a page request nothing answered gets the dashboard's index.html
 *   any path   40001  ApiPaths: a path below the API's prefixes that nothing answered: 404 NOT_FOUND as JSON
 * </pre>
 *
 * <p>Quarkus' own body-size check ({@code quarkus.http.limits.max-body-size}) runs at
 * {@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT} (-2) and answers an empty 413; RequestLimits answers first, with a
 * code. When Quarkus is upgraded, check the two framework values above (SmallRye's WebSocket order and Quarkus'
 * upload limit order); the tests of the routes ({@code RequestContractTest}, {@code GraphQLSocketProtocolsTest},
 * {@code DashboardServingTest}, {@code OtlpTraceRouteTest}) fail if a request no longer reaches the handler that
 * should answer it.
 */
public final class RouteOrders {

    /** {@code RequestLimits}, before Quarkus' upload limit ({@code ROUTE_ORDER_UPLOAD_LIMIT} = -2). */
    public static final int REQUEST_LIMITS = Integer.MIN_VALUE + 2;
    /** {@code DashboardHeaders}: before the static files (1060), whose responses it marks. */
    public static final int DASHBOARD_HEADERS = REQUEST_LIMITS + 1;
    /** {@code OtlpTraceRoute}'s own body-limit check, before RequestLimits, so OTLP clients get OTLP's error body. */
    public static final int OTLP_LIMITS = REQUEST_LIMITS - 1;
    /** SmallRye GraphQL's WebSocket handler on GET /graphql: a mirror, not ours to change. */
    public static final int SMALLRYE_WEBSOCKET = -99;
    /** {@code GraphQLSockets}: before any WebSocket handler. */
    public static final int SOCKET_REGISTRY = SMALLRYE_WEBSOCKET - 2;
    /** {@code GraphQLSocketEndpoint}: before SmallRye's WebSocket handler, which it replaces for transport-ws. */
    public static final int SOCKET_ENDPOINT = SMALLRYE_WEBSOCKET - 1;
    /** {@code AnonymousGraphQLGets}: a GET without a token and without an upgrade is refused before anything. */
    public static final int ANONYMOUS_GET = SOCKET_REGISTRY - 1;
    /** {@code DocumentGuard} on GET: after both WebSocket handlers, which take the upgrades. */
    public static final int GET_REFUSAL = SMALLRYE_WEBSOCKET + 1;
    /** {@code DocumentGuard} on POST: first, so no path sees a request it has not checked. */
    public static final int DOCUMENT_GUARD = -100;
    /** {@code RouteFastPath}: after DocumentGuard, before the engine (default order). */
    public static final int ROUTE_FAST_PATH = DOCUMENT_GUARD + 1;
    /** {@code AcknowledgeConfigFastPath}: after DocumentGuard, before the engine (default order). */
    public static final int ACKNOWLEDGE_FAST_PATH = ROUTE_FAST_PATH + 1;
    /**
     * {@code DashboardFallback}: after everything else, the static files (1060) and the application's routes
     * ({@code RouteConstants.ROUTE_ORDER_DEFAULT}, 10000, and {@code ROUTE_ORDER_AFTER_DEFAULT}, 20000) included;
     * the same place Quinoa gives its own SPA routing ({@code QuinoaRecorder.QUINOA_SPA_ROUTE_ORDER}), which is off.
     */
    public static final int DASHBOARD_FALLBACK = 40_000;
    /** {@code ApiPaths}' 404 for the API's prefixes: the very last. */
    public static final int API_NOT_FOUND = DASHBOARD_FALLBACK + 1;

    private RouteOrders() {
    }
}
