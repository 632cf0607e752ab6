package dev.tightrope.platform.http;

import java.util.Locale;
import java.util.Set;

/**
 * Matching a request's {@code Content-Type} by its media type alone: {@code application/json; charset=utf-8} is
 * {@code application/json}, while {@code application/jsonx} or {@code application/json-patch+json} are not (a
 * prefix test took both).
 */
public final class ContentTypes {

    private ContentTypes() {
    }

    /** The header's type and subtype, lower case and without parameters; empty for a missing header. */
    public static String essence(String header) {
        if (header == null) {
            return "";
        }
        int parameters = header.indexOf(';');
        return (parameters < 0 ? header : header.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    /** Whether the header names this media type (given in lower case). */
    public static boolean is(String header, String mediaType) {
        return mediaType.equals(essence(header));
    }

    /** Whether the header names one of these media types (given in lower case). */
    public static boolean isOneOf(String header, Set<String> mediaTypes) {
        return mediaTypes.contains(essence(header));
    }
}
