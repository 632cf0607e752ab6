package dev.tightrope.audit.domain;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import dev.tightrope.registry.domain.CanonicalJson;

/**
 * Turns an operation's arguments into the JSON object text the audit log stores: secrets redacted, long values
 * shortened.
 *
 * <p><b>Redaction.</b> The value of every field whose name looks like a credential — it contains {@code secret},
 * {@code token}, {@code password}, {@code passwd}, {@code credential}, {@code authorization}, {@code apiKey},
 * {@code privateKey}, {@code signature} or {@code webhook}, in any case — is written as {@value #REDACTED}, at any
 * depth. Names ending in {@code Id}, {@code Ids} or {@code _id} are identifiers, not secrets, and are kept. Examples:
 * <pre>
 *   {"name": "ci", "role": "ADMIN"}                  → {"name":"ci","role":"ADMIN"}
 *   {"input": {"signingSecret": "8f14e45f"}}          → {"input":{"signingSecret":"***"}}
 *   {"bootstrapToken": "tr_x", "tokenId": "12"}       → {"bootstrapToken":"***","tokenId":"12"}
 *   {"slack": {"webhookUrl": "https://…/T0/B0/XYZ"}}  → {"slack":{"webhookUrl":"***"}}
 * </pre>
 *
 * <p><b>Size.</b> Strings longer than {@value #MAX_STRING_LENGTH} characters keep their first
 * {@value #MAX_STRING_LENGTH} followed by {@code … (N characters)}; lists longer than {@value #MAX_LIST_SIZE} keep
 * their first {@value #MAX_LIST_SIZE} items followed by {@code "… (N more)"}; nesting deeper than
 * {@value #MAX_DEPTH} levels is written as {@code "…"}. An agent version's full prompt belongs in the registry, not
 * in every audit line.
 *
 * <p>Values: {@code null}, strings, booleans, numbers (non-finite ones as strings), maps (keys as strings), lists,
 * arrays of objects, enums (their name); anything else is written as its {@code toString()} text.
 */
public final class AuditArguments {

    /** What a secret's value is replaced with. */
    public static final String REDACTED = "***";
    public static final int MAX_STRING_LENGTH = 1_000;
    public static final int MAX_LIST_SIZE = 100;
    public static final int MAX_DEPTH = 16;

    private static final Pattern SENSITIVE = Pattern.compile(
            "(?i).*(secret|token|password|passwd|credential|authorization|api[_-]?key|private[_-]?key|signature"
                    + "|webhook).*");

    private AuditArguments() {
    }

    /** Whether a field of this name holds a secret, so its value is never stored. */
    public static boolean isSensitive(String name) {
        if (name == null || name.endsWith("Id") || name.endsWith("Ids") || name.toLowerCase().endsWith("_id")) {
            return false;
        }
        return SENSITIVE.matcher(name).matches();
    }

    /** The arguments as a JSON object text, redacted and shortened as described above. */
    public static String toJson(Map<String, ?> arguments) {
        StringBuilder out = new StringBuilder();
        writeObject(arguments == null ? Map.of() : arguments, out, 0);
        return out.toString();
    }

    private static void writeValue(Object value, StringBuilder out, int depth) {
        if (value == null) {
            out.append("null");
        } else if (depth > MAX_DEPTH) {
            CanonicalJson.writeString("…", out);
        } else if (value instanceof String text) {
            CanonicalJson.writeString(shorten(text), out);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            CanonicalJson.writeString(value.toString(), out);
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof Enum<?> constant) {
            CanonicalJson.writeString(constant.name(), out);
        } else if (value instanceof Map<?, ?> map) {
            writeObject(map, out, depth + 1);
        } else if (value instanceof Collection<?> list) {
            writeList(list, out, depth + 1);
        } else if (value instanceof Object[] array) {
            writeList(java.util.Arrays.asList(array), out, depth + 1);
        } else {
            CanonicalJson.writeString(shorten(value.toString()), out);
        }
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            String name = storable(String.valueOf(entry.getKey()));
            CanonicalJson.writeString(name, out);
            out.append(':');
            if (isSensitive(name) && entry.getValue() != null) {
                CanonicalJson.writeString(REDACTED, out);
            } else {
                writeValue(entry.getValue(), out, depth);
            }
        }
        out.append('}');
    }

    private static void writeList(Collection<?> list, StringBuilder out, int depth) {
        out.append('[');
        Iterator<?> items = list.iterator();
        for (int i = 0; items.hasNext(); i++) {
            Object item = items.next();
            if (i > 0) {
                out.append(',');
            }
            if (i == MAX_LIST_SIZE) {
                CanonicalJson.writeString("… (" + (list.size() - MAX_LIST_SIZE) + " more)", out);
                break;
            }
            writeValue(item, out, depth);
        }
        out.append(']');
    }

    private static String shorten(String text) {
        if (text.length() <= MAX_STRING_LENGTH) {
            return storable(text);
        }
        return storable(text.substring(0, MAX_STRING_LENGTH)) + "… (" + text.length() + " characters)";
    }

    /**
     * The text with what PostgreSQL cannot store replaced by U+FFFD: NUL, and unpaired surrogates (they have no
     * UTF-8 form). A refused request may carry them, and its audit entry must still be written.
     */
    static String storable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            boolean bad = c == '\u0000' || Character.isSurrogate(c) && !paired;
            if (bad && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
                if (paired) {
                    out.append(text.charAt(i + 1));
                }
            }
            if (paired) {
                i++;
            }
        }
        return out == null ? text : out.toString();
    }
}
