package dev.tightrope.runtime.http;

/**
 * {@code If-None-Match} against one entity tag (RFC 9110, 13.1.2): the header lists entity tags separated by commas,
 * or is {@code *}; it matches when any listed tag is ours by the weak comparison ({@code W/"7"} matches {@code "7"}),
 * which is the comparison that header uses. Examples, for our tag {@code "7"}:
 * <pre>
 *   "7"            → matches          W/"7"       → matches
 *   "6", "7"       → matches          *           → matches
 *   "6"            → no               7 (unquoted)→ no (not an entity tag)
 * </pre>
 */
final class EntityTags {

    private EntityTags() {
    }

    /** Whether {@code ifNoneMatch} (the header's value, may be null) matches {@code etag} (a quoted strong tag). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.strip().equals("*")) {
            return true;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
