package dev.tightrope.platform.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;

/**
 * A request body's {@code Content-Encoding}: what the bulk intakes inflate (gzip, which OpenTelemetry exporters and
 * log shippers send by default) and what every other endpoint refuses with 415 {@code UNSUPPORTED_MEDIA_TYPE}
 * instead of reading compressed bytes as if they were JSON. Without a header, or with {@code identity}, the body is
 * taken as it is.
 *
 * <p>Inflating is bounded: the body as sent is held to the request limit like every body, and its inflated size to
 * the caller's own limit, checked while inflating, so a small body that inflates to gigabytes (a "zip bomb") stops at
 * the limit with 413 {@code PAYLOAD_TOO_LARGE} after reading at most that much.
 */
public final class ContentCoding {

    private static final int CHUNK = 16 * 1024;

    private ContentCoding() {
    }

    /** Whether the header says the body is sent as it is (no header, empty, or {@code identity}). */
    public static boolean isIdentity(String contentEncoding) {
        return contentEncoding == null || contentEncoding.isBlank()
                || contentEncoding.strip().equalsIgnoreCase("identity");
    }

    /**
     * Refuses a body in any content coding (415), for endpoints that read small JSON bodies only.
     *
     * @param what what the endpoint is, for the message ({@code "POST /graphql"})
     */
    public static void requireIdentity(String contentEncoding, String what) {
        if (!isIdentity(contentEncoding)) {
            throw new TightropeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding "
                    + contentEncoding.strip() + " is not read by " + what + ": send the body as it is.");
        }
    }

    /**
     * The body as it was before its content coding: itself without one, inflated when it is gzip (or
     * {@code x-gzip}); any other coding is refused (415).
     *
     * @param limitBytes    the most bytes the inflated body may have (413 beyond)
     * @param limitProperty the configuration property that sets the limit, named in the refusal
     */
    public static byte[] decode(String contentEncoding, byte[] body, long limitBytes, String limitProperty) {
        if (isIdentity(contentEncoding)) {
            return body;
        }
        String coding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (!coding.equals("gzip") && !coding.equals("x-gzip")) {
            throw new TightropeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding "
                    + contentEncoding.strip() + " is not read here: send the body as it is, or gzip.");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limitBytes,
                    Math.max(1024L, body.length * 4L)));
            byte[] chunk = new byte[CHUNK];
            for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                if (out.size() + (long) read > limitBytes) {
                    throw new TightropeException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body inflates to more "
                            + "than the limit of " + limitBytes + " bytes (" + limitProperty + "); nothing was done. "
                            + "Send less per request.", Map.of("limitBytes", limitBytes));
                }
                out.write(chunk, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw TightropeException.validation("The body is not gzip, as its Content-Encoding says: "
                    + reason(e));
        }
    }

    /** The JDK's words for a broken gzip stream ("Not in GZIP format", "Unexpected end of ZLIB input stream"). */
    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "it cannot be inflated" : message.strip();
    }
}
