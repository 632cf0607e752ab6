package dev.tightrope.platform.http;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.graphql.RouteOrders;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The request body limit ({@code quarkus.http.limits.max-body-size}, 2 MiB) answered with a code and the limit:
 * a request that declares a longer body gets 413 {@code PAYLOAD_TOO_LARGE} at once, before a byte of it is read,
 * on every path. Bodies sent without a declared length (chunked) are counted as they arrive by the handler that reads
 * them ({@code DocumentGuard} for GraphQL, with {@link #limitBytes()}) and cut off at the same limit.
 *
 * <p>Why not leave it to Quarkus: its check answers an empty 413 that tells a person nothing.
 */
@ApplicationScoped
public class RequestLimits {

    static final long DEFAULT_LIMIT = 10L * 1024 * 1024;

    private final long limit;

    RequestLimits(Config config) {
        this.limit = config.getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(DEFAULT_LIMIT);
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrders.REQUEST_LIMITS).handler(this::checkDeclaredLength);
    }

    /** The largest request body taken, in bytes. */
    public long limitBytes() {
        return limit;
    }

    /** The refusal of a body over the limit. */
    public TightropeException tooLarge(String length) {
        return tooLarge(length, limit);
    }

    /** The refusal of a body over {@code limitBytes}, a route's own limit (below the global one). */
    public static TightropeException tooLarge(String length, long limitBytes) {
        return new TightropeException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body" + length + " is larger than "
                + "the limit of " + limitBytes + " bytes (" + human(limitBytes) + "); nothing was done. Send less per "
                + "request.", Map.of("limitBytes", limitBytes));
    }

    /** Answers a body over the limit; the connection is closed after it, since the rest of the body is not read. */
    public void refuse(RoutingContext context, String length) {
        refuse(context, length, limit);
    }

    /** Answers a body over {@code limitBytes}, closing the connection. */
    public static void refuse(RoutingContext context, String length, long limitBytes) {
        JsonErrors.send(context, 413, tooLarge(length, limitBytes), Map.of("Connection", "close"));
    }

    /**
     * The body length the request declares ({@code Content-Length}) when it is over the limit, as the refusal's
     * message puts it (" (3000000 bytes)"); null when it declares none or one within the limit.
     */
    public String declaredExcess(RoutingContext context) {
        String declared = context.request().getHeader("Content-Length");
        if (declared == null) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            length = -1;
        }
        return length > limit ? " (" + length + " bytes)" : null;
    }

    private void checkDeclaredLength(RoutingContext context) {
        String excess = declaredExcess(context);
        if (excess != null) {
            refuse(context, excess);
            return;
        }
        context.next();
    }

    private static String human(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
