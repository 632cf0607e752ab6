package dev.tightrope.demo.application;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import dev.tightrope.demo.domain.DemoScenario;
import dev.tightrope.demo.domain.DemoStory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Runs demo mode when {@code tightrope.demo.enabled} is on: once the HTTP server listens, it gets its tokens, sets
 * up the demo agent, starts the synthetic runtime, and then, every {@code tightrope.demo.look-every}, looks at the
 * deployment through the API and does what {@link DemoStory} says: deploy version 1, start the round's rollout of
 * version 2. The judge and the rules do the rest, as for any rollout. Everything the demo does goes through the
 * public HTTP API over loopback ({@link DemoClient}); only its ADMIN token is issued in-process
 * ({@link DemoCredentials}). It runs on two threads of its own and stops with the application.
 */
@ApplicationScoped
public class DemoDriver {

    private static final Logger LOG = Logger.getLogger(DemoDriver.class);
    private static final long RETRY_SECONDS = 5;
    static final String RUNTIME_ID = "demo-runtime";

    private final DemoConfig config;
    private final DemoCredentials credentials;
    private final Clock clock;
    private final Instance<HttpServer> server;
    private final DemoStory story;

    private ScheduledExecutorService executor;
    private ExecutorService httpExecutor;
    private volatile DemoClient client;
    private volatile DemoRuntime runtime;
    private volatile String admin;
    private volatile String problem;
    private volatile boolean running;

    DemoDriver(DemoConfig config, DemoCredentials credentials, Clock clock, Instance<HttpServer> server) {
        this.config = config;
        this.credentials = credentials;
        this.clock = clock;
        this.server = server;
        this.story = new DemoStory(DemoScenario.GOOD_VERSION, DemoScenario.REGRESSED_VERSION, config.warmUp(),
                config.pause());
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            revokeLeftoverTokens();
            return;
        }
        running = true;
        executor = Executors.newScheduledThreadPool(2, daemon("tightrope-demo"));
        httpExecutor = Executors.newCachedThreadPool(daemon("tightrope-demo-http"));
        LOG.infof("Demo mode is on (tightrope.demo.enabled): agent %s in %s, %.0f synthetic requests a second; "
                + "turn it off with -Dtightrope.demo.enabled=false", config.agent(), config.environment(),
                config.requestsPerSecond());
        executor.schedule(this::begin, 1, TimeUnit.SECONDS);
    }

    /** The demo's tokens of an earlier start with demo mode on are of no use now; never stops the start. */
    private void revokeLeftoverTokens() {
        try {
            int revoked = credentials.revokeLeftovers().await().atMost(Duration.ofSeconds(10));
            if (revoked > 0) {
                LOG.infof("Demo mode is off: revoked %d API token(s) the demo left from an earlier start", revoked);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Demo mode is off; the demo's tokens of an earlier start could not be revoked: %s",
                    e.toString());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        DemoRuntime current = runtime;
        if (current != null) {
            current.stop();
        }
        if (executor != null) {
            executor.shutdownNow();
            httpExecutor.shutdownNow();
        }
    }

    /** The demo's state; empty when demo mode is off. */
    public Optional<DemoStatus> status() {
        if (!config.enabled()) {
            return Optional.empty();
        }
        return Optional.of(new DemoStatus(config.agent(), config.environment(), config.requestsPerSecond(),
                DemoScenario.GOOD_VERSION, DemoScenario.REGRESSED_VERSION, DemoScenario.HEALTHY,
                DemoScenario.REGRESSED, story.snapshot(), problem));
    }

    /** Tokens, agent, runtime; then the story's looks. Retried until it works (the server may not listen yet). */
    private void begin() {
        if (!running) {
            return;
        }
        try {
            DemoClient api = new DemoClient(baseUrl(), httpExecutor);
            DemoCredentials.Issued issued = credentials.issue(api);
            DemoAgent.setUp(api, issued.admin(), config.agent());
            client = api;
            admin = issued.admin();
            DemoRuntime next = new DemoRuntime(api, issued.runtime(), config.agent(), config.environment(),
                    RUNTIME_ID, DemoScenario.traffic(), config.requestsPerSecond(),
                    new Random(config.seed().orElseGet(() -> new Random().nextLong())), clock, executor,
                    config.reportEvery(), this::tokensRefused);
            runtime = next;
            next.start();
            problem = null;
            LOG.infof("Demo: %s is set up at %s (tokens %s, %s); the story begins", config.agent(), api.base(),
                    issued.adminName(), issued.runtimeName());
            executor.schedule(this::look, 0, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            report("setting up: " + e.getMessage());
            executor.schedule(this::begin, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** One look at the deployment and the step the story asks for; then the next look. */
    private void look() {
        if (!running || client == null) {
            return;
        }
        try {
            DemoStory.Seen seen = DemoObservation.of(client.graphql(admin, DemoDocuments.DEPLOYMENT,
                    Map.of("agent", config.agent(), "environment", config.environment())).getJsonObject("deployment"));
            act(story.next(clock.instant(), seen));
            problem = null;
        } catch (DemoApiException e) {
            if (e.unauthenticated()) {
                tokensRefused();
                return;
            }
            report(e.getMessage());
        } catch (RuntimeException e) {
            report(e.toString());
        }
        executor.schedule(this::look, config.lookEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void act(DemoStory.Step step) {
        if (step instanceof DemoStory.Deploy deploy) {
            client.graphql(admin, DemoDocuments.DEPLOY, traffic(deploy.version(), deploy.reason()));
        } else if (step instanceof DemoStory.StartRollout start) {
            JsonObject started = client.graphql(admin, DemoDocuments.START_ROLLOUT,
                    traffic(start.version(), start.reason())).getJsonObject("startRollout");
            story.rolloutStarted(new DemoStory.RolloutSeen(started.getString("rolloutId"), start.version(),
                    started.getInteger("weightAfter"), false));
            LOG.infof("Demo: rollout %s of v%d started at 5 %%", started.getString("rolloutId"), start.version());
        }
    }

    private Map<String, Object> traffic(int version, String reason) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("agent", config.agent());
        variables.put("environment", config.environment());
        variables.put("version", version);
        variables.put("reason", reason);
        return variables;
    }

    /** A token of the demo was revoked or expired: new tokens, a new runtime. */
    private synchronized void tokensRefused() {
        DemoRuntime current = runtime;
        if (current == null) {
            return; // already starting over
        }
        runtime = null;
        client = null;
        current.stop();
        if (running) {
            report("its token was refused (revoked or expired); starting over with new tokens");
            executor.schedule(this::begin, 1, TimeUnit.SECONDS);
        }
    }

    private URI baseUrl() {
        return config.url().orElseGet(() -> {
            HttpServer http = server.get();
            if (http.getPort() <= 0) {
                throw new IllegalStateException("the HTTP server does not listen yet");
            }
            return URI.create("http://localhost:" + http.getPort() + "/");
        });
    }

    private void report(String what) {
        if (!what.equals(problem)) {
            LOG.warnf("Demo: %s (retrying)", what);
        }
        problem = what;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
