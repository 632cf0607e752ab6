package dev.tightrope.platform.notify;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;

/**
 * PostgreSQL LISTEN/NOTIFY for the whole application: one dedicated connection that listens on the channels
 * features subscribe to and hands each notification's payload to their handlers (on the event loop; handlers must
 * not block).
 *
 * <p>The connection is kept alive: a heartbeat query every {@code tightrope.notify.heartbeat-millis} (default 5000) detects
 * a dead connection, and a lost connection is re-opened with exponential backoff (250 ms doubling to 1 s: after
 * an outage the instance hears of changes again at most a second after PostgreSQL is back; with 5 s, changes made
 * elsewhere reached it up to 5 s late, docs/reliability.md).
 * Notifications sent while it was down are lost, so after every (re)connect the {@link #onConnected} callbacks run:
 * features reload whatever they cache from the database there. The same callbacks run after each successful
 * heartbeat with {@code heartbeat = true}, which is how "in sync" is known.
 */
@ApplicationScoped
public class ChangeNotifications {

    private static final Logger LOG = Logger.getLogger(ChangeNotifications.class);
    /** How the listening connection shows in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "tightrope-change-listener";
    static final long MIN_BACKOFF_MS = 250;
    static final long MAX_BACKOFF_MS = 1_000;

    /** Called after a (re)connect ({@code false}) and after each successful heartbeat ({@code true}). */
    public interface ConnectionListener {
        void connected(boolean heartbeat);
    }

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final long heartbeatMs;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private volatile PgConnection connection;
    private volatile boolean started;
    private volatile boolean stopped;
    private long backoffMs = MIN_BACKOFF_MS;
    private long heartbeatTimer = -1;

    ChangeNotifications(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "tightrope.notify.heartbeat-millis", defaultValue = "5000") long heartbeatMs) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        options.setReconnectAttempts(0);
        options.setProperties(new java.util.HashMap<>(options.getProperties()));
        options.getProperties().put("application_name", APPLICATION_NAME);
        this.heartbeatMs = heartbeatMs;
    }

    /** Calls {@code handler} with the payload of every notification on {@code channel}. */
    public void subscribe(String channel, Consumer<String> handler) {
        if (!channel.matches("[a-z_]{1,63}")) {
            throw new IllegalArgumentException("channel names are lower-case identifiers: " + channel);
        }
        boolean fresh = handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).isEmpty();
        handlers.get(channel).add(handler);
        PgConnection current = connection;
        if (fresh && current != null) {
            current.query("LISTEN " + channel).execute();
        }
        start();
    }

    public void onConnected(ConnectionListener listener) {
        connectionListeners.add(listener);
    }

    /** Whether the listening connection is up right now. */
    public boolean connected() {
        return connection != null;
    }

    private synchronized void start() {
        if (!started) {
            started = true;
            vertx.runOnContext(ignored -> connect());
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        PgConnection.connect(vertx, options).onSuccess(conn -> {
            conn.notificationHandler(notification -> dispatch(notification.getChannel(), notification.getPayload()));
            conn.closeHandler(ignored -> lost(conn, "closed"));
            conn.exceptionHandler(error -> LOG.debugf("Change listener connection error: %s", error.toString()));
            Set<String> channels = Set.copyOf(handlers.keySet());
            String listen = channels.stream().map(c -> "LISTEN " + c).reduce((a, b) -> a + "; " + b).orElse("");
            (listen.isEmpty() ? io.vertx.core.Future.succeededFuture() : conn.query(listen).execute())
                    .onSuccess(ignored -> {
                        connection = conn;
                        listenLate(conn, channels).onComplete(done -> {
                            backoffMs = MIN_BACKOFF_MS;
                            LOG.infof("Listening for changes on %s", Set.copyOf(handlers.keySet()));
                            notifyConnected(false);
                            heartbeatTimer = vertx.setPeriodic(heartbeatMs, id -> heartbeat(conn));
                        });
                    })
                    .onFailure(error -> {
                        conn.close();
                        retryLater(error.toString());
                    });
        }).onFailure(error -> retryLater(error.toString()));
    }

    /**
     * LISTENs on channels subscribed while the connection was being opened: {@link #subscribe} saw no connection
     * then, and the LISTEN above only named the channels known when it started. Subscribers after
     * {@code connection} was set LISTEN themselves (LISTEN twice is harmless).
     */
    private io.vertx.core.Future<Void> listenLate(PgConnection conn, Set<String> listened) {
        Set<String> late = new java.util.TreeSet<>(handlers.keySet());
        late.removeAll(listened);
        if (late.isEmpty()) {
            return io.vertx.core.Future.succeededFuture();
        }
        String listen = late.stream().map(c -> "LISTEN " + c).reduce((a, b) -> a + "; " + b).orElseThrow();
        return conn.query(listen).execute()
                .onFailure(error -> LOG.warnf("Could not LISTEN on %s: %s", late, error.toString()))
                .<Void>mapEmpty()
                .recover(error -> io.vertx.core.Future.succeededFuture());
    }

    private void heartbeat(PgConnection conn) {
        conn.query("SELECT 1").execute()
                .onSuccess(ignored -> notifyConnected(true))
                .onFailure(error -> {
                    LOG.warnf("Change listener heartbeat failed: %s", error.toString());
                    conn.close();
                    lost(conn, "heartbeat failed");
                });
    }

    private synchronized void lost(PgConnection conn, String why) {
        if (connection != conn && connection != null) {
            return;
        }
        boolean wasConnected = connection == conn;
        connection = null;
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
        if (wasConnected && !stopped) {
            LOG.warnf("Change listener connection %s; reconnecting", why);
            retryLater(why);
        }
    }

    private void retryLater(String why) {
        if (stopped) {
            return;
        }
        long delay = backoffMs;
        backoffMs = nextBackoff(backoffMs);
        LOG.debugf("Change listener not connected (%s); retrying in %d ms", why, delay);
        vertx.setTimer(delay, ignored -> connect());
    }

    /** The wait after {@code current}: doubled, at most {@link #MAX_BACKOFF_MS}. */
    static long nextBackoff(long current) {
        return Math.min(MAX_BACKOFF_MS, current * 2);
    }

    private void dispatch(String channel, String payload) {
        for (Consumer<String> handler : handlers.getOrDefault(channel, List.of())) {
            try {
                handler.accept(payload);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Handler of channel %s failed for payload %s", channel, payload);
            }
        }
    }

    private void notifyConnected(boolean heartbeat) {
        for (ConnectionListener listener : connectionListeners) {
            try {
                listener.connected(heartbeat);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Connection listener failed");
            }
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        PgConnection current = connection;
        if (current != null) {
            current.close();
        }
    }
}
