package dev.tightrope.platform.http;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body as raw bytes, counted as they arrive and cut off at a limit, without interpreting it.
 *
 * <p>Why not Vert.x's BodyHandler: for a form-encoded Content-Type it decodes the form while reading, so a
 * malformed body fails before the handler could check who sent it (Slack's signature is over the raw bytes, and
 * nothing may be read from an unsigned body).
 */
public final class RawBody {

    private RawBody() {
    }

    /**
     * Reads the body, then calls {@code handler} with the context and the bytes; a body over {@code limitBytes}
     * answers 413 {@code PAYLOAD_TOO_LARGE}, naming {@code limitBytes}, and closes the connection. A body that
     * declares a length over the global limit never gets here ({@code limits} answered it).
     */
    public static Handler<RoutingContext> reader(RequestLimits limits, long limitBytes,
            BiConsumer<RoutingContext, byte[]> handler) {
        long limit = Math.min(limitBytes, limits.limitBytes());
        return reader(limit, context -> RequestLimits.refuse(context, "", limit), handler);
    }

    /**
     * Reads the body, then calls {@code handler} with the context and the bytes; at the first byte over
     * {@code limitBytes}, {@code tooLarge} answers instead (it should close the connection: the rest of the body is
     * not read) and the handler is not called.
     */
    public static Handler<RoutingContext> reader(long limitBytes, Consumer<RoutingContext> tooLarge,
            BiConsumer<RoutingContext, byte[]> handler) {
        return context -> {
            Buffer body = Buffer.buffer();
            boolean[] refused = {false};
            context.request().handler(chunk -> {
                if (refused[0]) {
                    return;
                }
                if (body.length() + chunk.length() > limitBytes) {
                    refused[0] = true;
                    tooLarge.accept(context);
                    return;
                }
                body.appendBuffer(chunk);
            });
            context.request().endHandler(ended -> {
                if (!refused[0]) {
                    handler.accept(context, body.getBytes());
                }
            });
            context.request().exceptionHandler(context::fail);
            context.request().resume();
        };
    }
}
