package dev.tightrope.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits what a client sends to PostgreSQL into protocol messages (frontend/backend protocol 3.0): first the untyped
 * startup packet (length, code; an SSL or GSS encryption request is followed by another one), then typed messages,
 * each a type byte, a length that counts itself, and the payload. Bytes arrive in arbitrary pieces; a message is
 * returned once it is complete.
 */
public final class FrontendMessages {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_ENCRYPTION_REQUEST = 80877104;

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean startup = true;

    /** The messages completed by these bytes. */
    List<Message> feed(byte[] bytes, int length) {
        pending.write(bytes, 0, length);
        byte[] buffer = pending.toByteArray();
        List<Message> messages = new ArrayList<>();
        int offset = 0;
        while (true) {
            int header = startup ? 4 : 5;
            if (buffer.length - offset < header) {
                break;
            }
            int size = ByteBuffer.wrap(buffer, offset + header - 4, 4).getInt();
            int total = header - 4 + size;
            if (buffer.length - offset < total) {
                break;
            }
            if (startup) {
                int code = ByteBuffer.wrap(buffer, offset + 4, 4).getInt();
                startup = code == SSL_REQUEST || code == GSS_ENCRYPTION_REQUEST;
                messages.add(new Message('\0', Arrays.copyOfRange(buffer, offset + 4, offset + total)));
            } else {
                messages.add(new Message((char) buffer[offset], Arrays.copyOfRange(buffer, offset + 5, offset + total)));
            }
            offset += total;
        }
        pending.reset();
        pending.write(buffer, offset, buffer.length - offset);
        return messages;
    }

    /** One message: its type ('Q' simple query, 'P' parse, 'B' bind, 'E' execute, 'S' sync, …) and payload. */
    public record Message(char type, byte[] payload) {

        /** The text of a simple query ('Q'), or null. */
        public String query() {
            return type == 'Q' ? new String(payload, 0, payload.length - 1, StandardCharsets.UTF_8) : null;
        }

        /** The parameter values of a bind ('B') message, null for SQL NULL; empty for other messages. */
        public List<byte[]> parameters() {
            if (type != 'B') {
                return List.of();
            }
            ByteBuffer in = ByteBuffer.wrap(payload);
            skipCString(in);
            skipCString(in);
            int formats = in.getShort();
            in.position(in.position() + 2 * formats);
            int count = in.getShort();
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                byte[] value = null;
                if (length >= 0) {
                    value = new byte[length];
                    in.get(value);
                }
                values.add(value);
            }
            return values;
        }

        /** e.g. {@code Q(BEGIN)}, {@code B}, {@code P}. */
        @Override
        public String toString() {
            String query = query();
            return query != null ? "Q(" + query + ")" : String.valueOf(type);
        }

        private static void skipCString(ByteBuffer in) {
            while (in.get() != 0) {
                // skip to the terminating zero
            }
        }
    }
}
