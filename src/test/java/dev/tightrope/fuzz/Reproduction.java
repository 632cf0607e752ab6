package dev.tightrope.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tightrope.fuzz.FuzzCase.Auth;
import dev.tightrope.fuzz.FuzzCase.HttpCall;
import dev.tightrope.fuzz.FuzzCase.SocketCall;

/**
 * Writes a case as something a person can paste into a shell against a running Tightrope: a curl command for HTTP
 * (long runs of one byte become {@code head -c N /dev/zero | tr}, other bytes go through {@code printf}), a
 * re-signing snippet for Slack requests (signatures are only valid for five minutes), and for WebSocket cases the
 * frames as a JSON transcript and a {@code websocat} line. Credentials appear as {@code $TR_ADMIN},
 * {@code $TR_RUNTIME}, {@code $TR_VIEWER}, printed once at the top of the report.
 */
final class Reproduction {

    private static final int RUN = 64;
    private static final int MAX_PRINTED = 16_000;

    private Reproduction() {
    }

    static String of(FuzzCase fuzzCase, String base) {
        return fuzzCase.http() != null ? curl(fuzzCase.http(), fuzzCase.http().body(), base)
                : websocat(fuzzCase.socket(), base);
    }

    static String curl(HttpCall call, byte[] body, String base) {
        StringBuilder command = new StringBuilder();
        boolean slack = call.slack() != null;
        if (body != null) {
            String generator = generator(body);
            command.append(generator.length() <= MAX_PRINTED ? generator : "(a body of " + body.length
                    + " bytes that does not print short; replay it with the seed)").append(" > /tmp/fz-body; ");
        }
        if (slack) {
            command.append(signing(call.slack()));
        }
        command.append("curl -sS -i -X ").append(call.method()).append(" '").append(base).append(call.path())
                .append('\'');
        command.append(" -H 'Content-Type:").append(call.contentType() == null ? "" : " " + call.contentType())
                .append('\'');
        String auth = switch (call.auth()) {
            case ADMIN -> "Bearer $TR_ADMIN";
            case RUNTIME -> "Bearer $TR_RUNTIME";
            case VIEWER -> "Bearer $TR_VIEWER";
            case NONE -> null;
            default -> new HttpSender.Credentials("", "", "").header(call.auth());
        };
        if (auth != null) {
            command.append(" -H \"Authorization: ").append(auth).append('"');
        }
        if (slack) {
            if (call.slack() != FuzzCase.SlackSigning.MISSING_TIMESTAMP) {
                command.append(" -H \"X-Slack-Request-Timestamp: $ts\"");
            }
            if (call.slack() != FuzzCase.SlackSigning.MISSING_SIGNATURE) {
                command.append(" -H \"X-Slack-Signature: $sig\"");
            }
        }
        if (call.chunked()) {
            command.append(" -H 'Transfer-Encoding: chunked'");
        }
        if (body != null) {
            command.append(" --data-binary @/tmp/fz-body");
        }
        return command.toString();
    }

    /** A shell snippet that sets $ts and $sig as the case signed its request. */
    private static String signing(FuzzCase.SlackSigning signing) {
        String secret = signing == FuzzCase.SlackSigning.WRONG_SECRET ? "not-the-signing-secret"
                : "$TR_SLACK_SECRET";
        String ts = switch (signing) {
            case STALE -> "ts=$(( $(date +%s) - 360 )); ";
            case FUTURE -> "ts=$(( $(date +%s) + 360 )); ";
            case NON_NUMERIC_TIMESTAMP -> "ts=12ab; ";
            case HUGE_TIMESTAMP -> "ts=99999999999999999999999; ";
            default -> "ts=$(date +%s); ";
        };
        String signed = signing == FuzzCase.SlackSigning.OTHER_BODY ? "printf other=body" : "cat /tmp/fz-body";
        String sig = "sig=\"v0=$( { printf 'v0:%s:' \"$ts\"; " + signed + "; } | openssl dgst -sha256 -hmac \""
                + secret + "\" | sed 's/^.* //')\"; ";
        return ts + switch (signing) {
            case WRONG_VERSION -> sig + "sig=\"v1${sig#v0}\"; ";
            case GARBAGE -> "sig=v0=not-hex-zz; ";
            default -> sig;
        };
    }

    /**
     * A shell expression printing exactly these bytes: repeated runs (a huge string of one character or one emoji)
     * as {@code printf 'unit%.0s' $(seq N)}, everything else as printf escapes.
     */
    static String generator(byte[] body) {
        StringBuilder out = new StringBuilder("{ ");
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < body.length) {
            int bestUnit = 0;
            int bestRepeats = 0;
            for (int unit = 1; unit <= 16 && i + unit <= body.length; unit++) {
                int repeats = 1;
                while (i + (repeats + 1) * unit <= body.length
                        && java.util.Arrays.equals(body, i, i + unit, body, i + repeats * unit, i + (repeats + 1) * unit)) {
                    repeats++;
                }
                if (repeats >= 4 && repeats * unit >= RUN && repeats * unit > bestRepeats * bestUnit) {
                    bestUnit = unit;
                    bestRepeats = repeats;
                }
            }
            if (bestUnit > 0) {
                flush(literal, out);
                StringBuilder unit = new StringBuilder();
                for (int k = i; k < i + bestUnit; k++) {
                    escape(body[k], unit);
                }
                out.append("printf '").append(unit).append("%.0s' $(seq ").append(bestRepeats).append("); ");
                i += bestUnit * bestRepeats;
                continue;
            }
            escape(body[i++], literal);
        }
        flush(literal, out);
        return out.append("}").toString();
    }

    private static void escape(byte b, StringBuilder literal) {
        if (b == '%') {
            literal.append("%%");
        } else if (b == '\\') {
            literal.append("\\\\");
        } else if (b == '\'') {
            literal.append("\\x27");
        } else if (b >= 0x20 && b < 0x7f) {
            literal.append((char) b);
        } else {
            literal.append(String.format("\\x%02x", b & 0xff));
        }
    }

    private static void flush(StringBuilder literal, StringBuilder out) {
        if (literal.length() > 0) {
            out.append("printf '").append(literal).append("'; ");
            literal.setLength(0);
        }
    }

    /** The frames as a JSON transcript and a websocat line that plays them. */
    static String websocat(SocketCall call, String base) {
        List<String> frames = new java.util.ArrayList<>();
        if (call.init() != null) {
            String token = call.auth() == Auth.RUNTIME ? "$TR_RUNTIME" : call.auth() == Auth.VIEWER ? "$TR_VIEWER"
                    : "$TR_ADMIN";
            frames.add(call.init().replace("$AUTH", "Bearer " + token));
        }
        frames.addAll(call.frames());
        StringBuilder out = new StringBuilder("transcript ").append(JsonText.write(frames.stream()
                .map(f -> Answer.abbreviate(f, 2_000)).toList())).append("\n    ");
        StringBuilder lines = new StringBuilder();
        for (String frame : frames) {
            lines.append(lines.length() == 0 ? "" : " ").append('"')
                    .append(frame.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
                            .replace("\\$TR_", "$TR_").replace("`", "\\`"))
                    .append('"');
        }
        String ws = base.replaceFirst("^http", "ws") + "/graphql";
        String line = "printf '%s\\n' " + lines + " | websocat -B 4194304 --protocol graphql-transport-ws " + ws;
        return out.append(line.getBytes(StandardCharsets.UTF_8).length > 4_000 ? "(websocat line omitted: frames "
                + "over 4 KB; replay with the seed)" : line).toString();
    }
}
