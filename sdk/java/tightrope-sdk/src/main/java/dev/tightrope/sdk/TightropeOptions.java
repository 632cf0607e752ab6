package dev.tightrope.sdk;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The options of a {@link Tightrope} client, checked when {@link Builder#build()} makes them: url, token and agent
 * are required, everything else has the default of the other SDKs (sdk/java/README.md, "Options").
 *
 * <pre>{@code
 * TightropeOptions options = TightropeOptions.builder()
 *         .url("http://localhost:8080").token("tr_…").agent("support-bot")   // required
 *         .environment("production")                                        // the default
 *         .cacheFile(Path.of("/var/cache/tightrope/support-bot.json"))      // optional
 *         .build();
 * }</pre>
 */
public final class TightropeOptions {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    private final URI url;
    private final String token;
    private final String agent;
    private final String environment;
    private final String runtimeId;
    private final Path cacheFile;
    private final Duration waitForConfig;
    private final Duration pollInterval;
    private final int streamFailuresBeforePolling;
    private final Duration streamRetryInterval;
    private final Duration streamReadTimeout;
    private final Duration timeout;
    private final Duration staleAfter;
    private final boolean acknowledge;
    private final int outcomeQueueSize;
    private final int outcomeBatchSize;
    private final Duration outcomeFlushInterval;
    private final int outcomeMaxAttempts;
    private final Duration maxRetryAfter;
    private final Backoff backoff;
    private final Clock clock;
    private final RandomGenerator random;
    private final System.Logger logger;
    private final boolean start;
    private final HttpClient httpClient;

    private TightropeOptions(Builder b) {
        this.url = checkUrl(b.url);
        if (b.token == null || b.token.isBlank()) {
            throw new IllegalArgumentException("Tightrope: token is required (a RUNTIME API token, tr_…)");
        }
        this.token = b.token;
        this.agent = slug("agent", b.agent);
        this.environment = slug("environment", b.environment);
        this.runtimeId = b.runtimeId == null ? defaultRuntimeId() : b.runtimeId;
        if (runtimeId.isEmpty() || runtimeId.length() > 200) {
            throw new IllegalArgumentException("Tightrope: runtimeId must have 1 to 200 characters, had "
                    + runtimeId.length());
        }
        this.cacheFile = b.cacheFile;
        this.waitForConfig = notNegative("waitForConfig", b.waitForConfig);
        this.pollInterval = positive("pollInterval", b.pollInterval);
        this.streamFailuresBeforePolling = atLeastOne("streamFailuresBeforePolling", b.streamFailuresBeforePolling);
        this.streamRetryInterval = positive("streamRetryInterval", b.streamRetryInterval);
        this.streamReadTimeout = positive("streamReadTimeout", b.streamReadTimeout);
        this.timeout = positive("timeout", b.timeout);
        this.staleAfter = positive("staleAfter", b.staleAfter);
        this.acknowledge = b.acknowledge;
        this.outcomeQueueSize = atLeastOne("outcomeQueueSize", b.outcomeQueueSize);
        this.outcomeBatchSize = atLeastOne("outcomeBatchSize", b.outcomeBatchSize);
        if (outcomeBatchSize > 10_000) {
            throw new IllegalArgumentException("Tightrope: outcomeBatchSize must be at most 10 000 (the server's "
                    + "limit), was " + outcomeBatchSize);
        }
        this.outcomeFlushInterval = positive("outcomeFlushInterval", b.outcomeFlushInterval);
        this.outcomeMaxAttempts = atLeastOne("outcomeMaxAttempts", b.outcomeMaxAttempts);
        this.maxRetryAfter = notNegative("maxRetryAfter", b.maxRetryAfter);
        this.backoff = Objects.requireNonNull(b.backoff, "Tightrope: backoff");
        this.clock = Objects.requireNonNull(b.clock, "Tightrope: clock");
        this.random = Objects.requireNonNull(b.random, "Tightrope: random");
        this.logger = b.logger;
        this.start = b.start;
        this.httpClient = b.httpClient;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The server's base URL, without a trailing slash. */
    public URI url() {
        return url;
    }

    public String token() {
        return token;
    }

    public String agent() {
        return agent;
    }

    public String environment() {
        return environment;
    }

    public String runtimeId() {
        return runtimeId;
    }

    public Optional<Path> cacheFile() {
        return Optional.ofNullable(cacheFile);
    }

    public Duration waitForConfig() {
        return waitForConfig;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public int streamFailuresBeforePolling() {
        return streamFailuresBeforePolling;
    }

    public Duration streamRetryInterval() {
        return streamRetryInterval;
    }

    public Duration streamReadTimeout() {
        return streamReadTimeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    public boolean acknowledge() {
        return acknowledge;
    }

    public int outcomeQueueSize() {
        return outcomeQueueSize;
    }

    public int outcomeBatchSize() {
        return outcomeBatchSize;
    }

    public Duration outcomeFlushInterval() {
        return outcomeFlushInterval;
    }

    public int outcomeMaxAttempts() {
        return outcomeMaxAttempts;
    }

    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    public Backoff backoff() {
        return backoff;
    }

    public Clock clock() {
        return clock;
    }

    public RandomGenerator random() {
        return random;
    }

    /** Where warnings go when nobody listens to errors; empty: nowhere. */
    public Optional<System.Logger> logger() {
        return Optional.ofNullable(logger);
    }

    public boolean start() {
        return start;
    }

    public Optional<HttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    /** A copy of these options as a builder (e.g. the same connection for another agent). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.url = url.toString();
        b.token = token;
        b.agent = agent;
        b.environment = environment;
        b.runtimeId = runtimeId;
        b.cacheFile = cacheFile;
        b.waitForConfig = waitForConfig;
        b.pollInterval = pollInterval;
        b.streamFailuresBeforePolling = streamFailuresBeforePolling;
        b.streamRetryInterval = streamRetryInterval;
        b.streamReadTimeout = streamReadTimeout;
        b.timeout = timeout;
        b.staleAfter = staleAfter;
        b.acknowledge = acknowledge;
        b.outcomeQueueSize = outcomeQueueSize;
        b.outcomeBatchSize = outcomeBatchSize;
        b.outcomeFlushInterval = outcomeFlushInterval;
        b.outcomeMaxAttempts = outcomeMaxAttempts;
        b.maxRetryAfter = maxRetryAfter;
        b.backoff = backoff;
        b.clock = clock;
        b.random = random;
        b.logger = logger;
        b.start = start;
        b.httpClient = httpClient;
        return b;
    }

    private static URI checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Tightrope: url is required (e.g. http://localhost:8080)");
        }
        URI parsed;
        try {
            parsed = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Tightrope: url must be an http:// or https:// URL, was '" + url + "'",
                    e);
        }
        String scheme = parsed.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || parsed.getHost() == null || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw new IllegalArgumentException("Tightrope: url must be an http:// or https:// URL with a host (and "
                    + "no query), was '" + url + "'");
        }
        return URI.create(parsed.toString().replaceAll("/+$", ""));
    }

    private static String slug(String name, String value) {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException("Tightrope: " + name + " must be a slug (2 to 63 lower-case letters, "
                    + "digits and '-', starting with a letter or digit), was " + (value == null ? "null"
                    : "'" + value + "'"));
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Tightrope: " + name + " must be a positive duration, was " + value);
        }
        return value;
    }

    private static Duration notNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("Tightrope: " + name + " must be zero or more, was " + value);
        }
        return value;
    }

    private static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("Tightrope: " + name + " must be at least 1, was " + value);
        }
        return value;
    }

    /** {@code <host>-<pid>-<8 random hex digits>}: unique per process, readable in the propagation view. */
    private static String defaultRuntimeId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = "java";
        }
        if (host.length() > 150) {
            host = host.substring(0, 150);
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }

    /** Collects the options; {@link #build()} checks them. */
    public static final class Builder {

        private String url;
        private String token;
        private String agent;
        private String environment = "production";
        private String runtimeId;
        private Path cacheFile;
        private Duration waitForConfig = Duration.ofSeconds(10);
        private Duration pollInterval = Duration.ofSeconds(30);
        private int streamFailuresBeforePolling = 3;
        private Duration streamRetryInterval = Duration.ofSeconds(30);
        private Duration streamReadTimeout = Duration.ofSeconds(45);
        private Duration timeout = Duration.ofSeconds(10);
        private Duration staleAfter = Duration.ofSeconds(60);
        private boolean acknowledge = true;
        private int outcomeQueueSize = 10_000;
        private int outcomeBatchSize = 500;
        private Duration outcomeFlushInterval = Duration.ofSeconds(2);
        private int outcomeMaxAttempts = 6;
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private Backoff backoff = new Backoff();
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = ThreadLocalRandomGenerator.INSTANCE;
        private System.Logger logger = System.getLogger("dev.tightrope.sdk");
        private boolean start = true;
        private HttpClient httpClient;

        private Builder() {
        }

        /** The server's base URL, e.g. {@code http://localhost:8080} (required). */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** A RUNTIME API token, {@code tr_…} (required). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** The agent's slug (required). */
        public Builder agent(String agent) {
            this.agent = agent;
            return this;
        }

        /** The environment's slug (default {@code production}). */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** This runtime's id for propagation tracking (default {@code <host>-<pid>-<random>}), 1 to 200 characters. */
        public Builder runtimeId(String runtimeId) {
            this.runtimeId = runtimeId;
            return this;
        }

        /** A file that keeps the last configuration, read at start (default: none). */
        public Builder cacheFile(Path cacheFile) {
            this.cacheFile = cacheFile;
            return this;
        }

        /** How long {@link Tightrope#connect} waits for a first configuration (default 10 s). */
        public Builder waitForConfig(Duration wait) {
            this.waitForConfig = wait;
            return this;
        }

        /** The polling interval after the stream failed repeatedly (default 30 s). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        /** Failed streams in a row before polling (default 3). */
        public Builder streamFailuresBeforePolling(int failures) {
            this.streamFailuresBeforePolling = failures;
            return this;
        }

        /**
         * While polling, the stream is tried again with the backoff, at most this far apart (default 30 s): after an
         * outage the client is back on the stream within about that long of the server's return.
         */
        public Builder streamRetryInterval(Duration interval) {
            this.streamRetryInterval = interval;
            return this;
        }

        /** A stream silent this long counts as lost (default 45 s; the server sends a heartbeat every 15 s). */
        public Builder streamReadTimeout(Duration timeout) {
            this.streamReadTimeout = timeout;
            return this;
        }

        /** The timeout of each request, and of connecting (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The stale listeners are told once the staleness passes this (default 60 s). */
        public Builder staleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
            return this;
        }

        /** Acknowledge each generation applied (default true). */
        public Builder acknowledge(boolean acknowledge) {
            this.acknowledge = acknowledge;
            return this;
        }

        /** Outcomes waiting at most; beyond, they are dropped and counted (default 10 000). */
        public Builder outcomeQueueSize(int size) {
            this.outcomeQueueSize = size;
            return this;
        }

        /** Outcomes per batch, at most 10 000 (default 500). */
        public Builder outcomeBatchSize(int size) {
            this.outcomeBatchSize = size;
            return this;
        }

        /** The longest wait of a queued outcome before its batch goes (default 2 s). */
        public Builder outcomeFlushInterval(Duration interval) {
            this.outcomeFlushInterval = interval;
            return this;
        }

        /** Attempts per outcome batch, the first included (default 6). */
        public Builder outcomeMaxAttempts(int attempts) {
            this.outcomeMaxAttempts = attempts;
            return this;
        }

        /** The longest {@code Retry-After} honoured for outcome batches (default 30 s). */
        public Builder maxRetryAfter(Duration maximum) {
            this.maxRetryAfter = maximum;
            return this;
        }

        /** The retry policy of reconnects, polls, acknowledgements and batches (default 0.5 s doubling to 30 s). */
        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /** The clock of staleness, {@code lastUpdated} and {@code occurredAt} (default the system's, UTC). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The random numbers of keyless routing (default {@link ThreadLocalRandom}). */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /** Where warnings go when no error listener is added (default {@code dev.tightrope.sdk}); null: nowhere. */
        public Builder logger(System.Logger logger) {
            this.logger = logger;
            return this;
        }

        /** Start following the configuration at once (default true; false: call {@link Tightrope#start()}). */
        public Builder start(boolean start) {
            this.start = start;
            return this;
        }

        /**
         * The HTTP client to use (default: one of the SDK's, HTTP/1.1 with the connect timeout); give your own for a
         * proxy or TLS settings. The SDK sends HTTP/1.1 requests through it either way.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the first option that is missing or impossible
         */
        public TightropeOptions build() {
            return new TightropeOptions(this);
        }

        /** {@code Tightrope.connect(build())}: a started client, once it has a configuration or waited for one. */
        public Tightrope connect() {
            return Tightrope.connect(build());
        }
    }

    /**
     * {@link ThreadLocalRandom} as a {@link RandomGenerator} that looks up the calling thread's generator on each
     * call (holding {@code ThreadLocalRandom.current()} of the building thread would share it across threads).
     */
    private enum ThreadLocalRandomGenerator implements RandomGenerator {
        INSTANCE;

        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public int nextInt(int bound) {
            return ThreadLocalRandom.current().nextInt(bound);
        }
    }
}
