package dev.tightrope.platform.http;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.graphql.RouteOrders;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The answer to a request whose handling failed on the way, on every path: the coded JSON shape of every Tightrope
 * error instead of a framework's error page (which, outside production, carries a stack trace). A body over the
 * limit is {@code PAYLOAD_TOO_LARGE}; other client-side statuses get their code; anything else is a bug, answered
 * {@code INTERNAL} with an error id that is also in the log. Authentication failures are left to Quarkus, which
 * answers them with the token challenge (401, the same JSON shape).
 */
@ApplicationScoped
public class FailureAnswers {

    private static final Logger LOG = Logger.getLogger(FailureAnswers.class);

    private final RequestLimits limits;

    FailureAnswers(RequestLimits limits) {
        this.limits = limits;
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrders.REQUEST_LIMITS).failureHandler(this::failed);
    }

    private void failed(RoutingContext context) {
        Throwable failure = context.failure();
        int status = context.statusCode();
        if (context.response().headWritten() || isSecurity(failure) || status == 401 || status == 403) {
            context.next();
            return;
        }
        if (status == 413) {
            limits.refuse(context, "");
            return;
        }
        TightropeException error = switch (status) {
            case 400 -> new TightropeException(ErrorCode.VALIDATION, "The request could not be read.");
            case 404 -> new TightropeException(ErrorCode.NOT_FOUND, "Nothing is served at "
                    + context.request().path() + ".");
            case 405 -> new TightropeException(ErrorCode.METHOD_NOT_ALLOWED, "This path does not take "
                    + context.request().method().name() + ".");
            case 415 -> new TightropeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "This path does not read "
                    + context.request().getHeader("Content-Type") + ".");
            default -> failure != null ? ErrorTranslator.translate(failure) : internal(status);
        };
        JsonErrors.send(context, error.code() == ErrorCode.INTERNAL ? 500 : error.code().httpStatus(), error,
                Map.of());
    }

    private static TightropeException internal(int status) {
        String errorId = ErrorTranslator.newErrorId();
        LOG.errorf("Unexpected error %s: a request failed with status %d and no cause", errorId, status);
        return new TightropeException(ErrorCode.INTERNAL, "Internal error " + errorId
                + "; the server log has the details.", Map.of("errorId", errorId));
    }

    private static boolean isSecurity(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof UnauthorizedException
                    || t instanceof ForbiddenException) {
                return true;
            }
        }
        return false;
    }
}
