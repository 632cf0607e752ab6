package dev.tightrope.governance.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How long a version has been stable in an environment, from that environment's history, and whether that is long
 * enough to release it to a protected one.
 *
 * <p>A version's stable period starts with the latest change that made it the stable version there (a deploy, a
 * promotion, or a rollback to it) and lasts until the next change that made another version stable, or until now
 * while it still is. A period that ended with a rollback of the version (the version was taken back) does not count:
 * the version is not proven. A period that ended with a later version being deployed or promoted counts with its
 * whole length. Canary changes (a canary started, advanced, paused, rolled back) leave the stable version alone.
 *
 * <pre>
 *   deploy 14 at 00:00, now 03:00, required 24 h            → 3 h of 24 h: not yet
 *   deploy 14 at 00:00, now +25 h                            → satisfied
 *   deploy 14, +30 h deploy 15, now +40 h                    → 30 h: satisfied (replaced by a newer version)
 *   deploy 14, +30 h rollback from 14 to 13                  → rolled back: not proven
 *   never stable there                                       → not proven
 * </pre>
 */
public final class Soak {

    private Soak() {
    }

    /** One change of a deployment's history, as far as the stable version goes. */
    public enum Kind {
        /** A version was made stable by a deploy or a promotion. */
        FORWARD,
        /** The stable version was rolled back to an earlier one ({@code from} → {@code to}). */
        ROLLBACK,
        /** Anything that leaves the stable version as it was (canary changes, circuit breakers). */
        OTHER
    }

    /**
     * @param from the version that was stable before (for a rollback: the one rolled back)
     * @param to   the version stable after it
     */
    public record Change(Kind kind, Integer from, Integer to, Instant at) {
    }

    /**
     * The verdict.
     *
     * @param stableFor how long the version's latest stable period there lasted (up to now while it lasts);
     *                  {@link Duration#ZERO} when it was never stable there
     * @param rolledBack whether that period ended with the version being rolled back
     * @param current   whether it is still the stable version there
     */
    public record Result(int version, String environment, Duration required, Duration stableFor, boolean rolledBack,
            boolean current) {

        public boolean satisfied() {
            return !rolledBack && stableFor.compareTo(required) >= 0;
        }

        /** For people: what is missing, e.g. "version 14 has been stable in staging for 3 h of the required 24 h". */
        public String explanation() {
            if (rolledBack) {
                return "version " + version + " was rolled back in " + environment + " after " + human(stableFor)
                        + " as the stable version; it needs " + human(required) + " there without a rollback";
            }
            if (stableFor.isZero()) {
                return "version " + version + " has never been the stable version in " + environment
                        + "; it needs " + human(required) + " there first";
            }
            return "version " + version + (current ? " has been stable in " : " was stable in ") + environment
                    + " for " + human(stableFor) + " of the required " + human(required);
        }
    }

    /**
     * @param history the environment's changes, oldest first
     */
    public static Result evaluate(List<Change> history, int version, String environment, Duration required,
            Instant now) {
        int start = -1;
        for (int i = history.size() - 1; i >= 0; i--) {
            Change change = history.get(i);
            if (change.kind() != Kind.OTHER && change.to() != null && change.to() == version) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return new Result(version, environment, required, Duration.ZERO, false, false);
        }
        Instant began = history.get(start).at();
        for (int i = start + 1; i < history.size(); i++) {
            Change change = history.get(i);
            if (change.kind() == Kind.OTHER || change.to() != null && change.to() == version) {
                continue;
            }
            Duration lasted = Duration.between(began, change.at());
            return new Result(version, environment, required, lasted, change.kind() == Kind.ROLLBACK, false);
        }
        Duration lasted = now.isAfter(began) ? Duration.between(began, now) : Duration.ZERO;
        return new Result(version, environment, required, lasted, false, true);
    }

    /** {@code 3 h}, {@code 24 h}, {@code 45 min}, {@code 1 h 30 min}, {@code 2 d 4 h}. */
    public static String human(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        long restMinutes = minutes % 60;
        if (hours < 48) {
            return hours + " h" + (restMinutes == 0 ? "" : " " + restMinutes + " min");
        }
        long days = hours / 24;
        long restHours = hours % 24;
        return days + " d" + (restHours == 0 ? "" : " " + restHours + " h");
    }
}
