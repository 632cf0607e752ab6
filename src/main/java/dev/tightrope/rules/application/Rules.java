package dev.tightrope.rules.application;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.registry.application.RegistryLookup;
import dev.tightrope.registry.application.VersionService;
import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.release.application.AgentIds;
import dev.tightrope.rules.domain.Rule;
import dev.tightrope.rules.domain.RuleAction;
import dev.tightrope.rules.domain.RuleParser;
import dev.tightrope.rules.domain.RuleSyntaxException;
import dev.tightrope.rules.persistence.AlertStore;
import dev.tightrope.rules.persistence.RuleStore;
import dev.tightrope.rules.persistence.StoredRule;
import io.smallrye.mutiny.Uni;

/**
 * Creating, revising and deleting an agent's trigger rules, and checking rule text for the dashboard's live
 * feedback. Every rule is parsed ({@link RuleParser}) and checked against the agent (a tool must be one its versions
 * declare, a fallback version one of its own) before it is stored; an error is VALIDATION with the line, column, what was found and what was
 * expected in its details.
 */
@ApplicationScoped
public class Rules {

    private static final Logger LOG = Logger.getLogger(Rules.class);

    private final RuleStore store;
    private final AgentIds agents;
    private final RegistryLookup registry;
    private final Sessions sessions;
    private final VersionService versions;
    private final AlertStore alerts;
    private final AlertFeed feed;
    private final Clock clock;

    Rules(RuleStore store, AgentIds agents, RegistryLookup registry, Sessions sessions, VersionService versions,
            AlertStore alerts, AlertFeed feed, Clock clock) {
        this.alerts = alerts;
        this.feed = feed;
        this.versions = versions;
        this.store = store;
        this.agents = agents;
        this.registry = registry;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** A rule with what it says. */
    public record RuleView(StoredRule stored, Rule rule) {
    }

    public Uni<RuleView> create(String agent, String source, String actor) {
        Rule rule = parse(source);
        return agents.of(agent).chain(agentId -> checkAgainstAgent(agentId, agent, rule, source)
                .chain(() -> store.create(agentId, source.strip(), rule.toSource(), actor, clock.instant()))
                .map(stored -> new RuleView(stored, rule)));
    }

    public Uni<RuleView> update(long ruleId, String source, String actor) {
        Rule rule = parse(source);
        return active(ruleId).chain(existing -> sessions.read(() -> registry.agentSlug(existing.agentId()))
                .chain(slug -> checkAgainstAgent(existing.agentId(), slug, rule, source))
                .chain(() -> store.update(ruleId, source.strip(), rule.toSource(), actor, clock.instant()))
                .map(stored -> {
                    if (stored == null) {
                        throw TightropeException.notFound("Rule " + ruleId + " does not exist (or was deleted)");
                    }
                    return new RuleView(stored, rule);
                }));
    }

    /**
     * Marks the rule deleted, and resolves its firing alerts: nothing evaluates it again, so nothing else would (a
     * breaker it opened still half-opens on time and closes).
     */
    public Uni<RuleView> delete(long ruleId, String actor) {
        Instant now = clock.instant();
        return store.delete(ruleId, actor, now).map(stored -> {
            if (stored == null) {
                throw TightropeException.notFound("Rule " + ruleId + " does not exist (or was already deleted)");
            }
            return new RuleView(stored, read(stored));
        }).call(deleted -> alerts.resolveAllOf(ruleId, now)
                .invoke(resolved -> resolved.forEach(alert -> feed.publish(AlertFeed.Change.RESOLVED, alert)))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Rule %d was deleted, but its firing alerts could not be resolved: %s", ruleId,
                            failure.toString());
                    return List.of();
                }));
    }

    /** The agent's active rules, its defaults installed first if it never had them. */
    public Uni<List<RuleView>> ofAgent(String agent) {
        return agents.of(agent).chain(agentId -> store.installDefaults(agentId, RuleDefaults.RULES, clock.instant())
                .chain(() -> store.byAgent(agentId)))
                .map(rules -> rules.stream().map(stored -> {
                    Rule rule = readOrNull(stored);
                    return rule == null ? null : new RuleView(stored, rule);
                }).filter(Objects::nonNull).toList());
    }

    /** Whether the agent's default rules are on (they are until it opts out with {@link #setDefaults}). */
    public Uni<Boolean> defaultsEnabled(String agent) {
        return agents.of(agent).chain(store::defaultsEnabled);
    }

    /** Turns the agent's default rules off or back on. */
    public Uni<Boolean> setDefaults(String agent, boolean enabled, String actor) {
        return agents.of(agent).chain(agentId -> store.installDefaults(agentId, RuleDefaults.RULES, clock.instant())
                .chain(() -> store.setDefaults(agentId, enabled, actor, clock.instant())))
                .replaceWith(enabled);
    }

    /**
     * What rule text says, or where it is wrong; with an agent, also checked against it (a fallback version must
     * exist). Never fails for bad text: the error is the answer.
     */
    public Uni<Validation> validate(String agent, String source) {
        Rule rule;
        try {
            rule = parse(source);
        } catch (TightropeException invalid) {
            return Uni.createFrom().item(new Validation(null, invalid));
        }
        if (agent == null) {
            return Uni.createFrom().item(new Validation(rule, null));
        }
        return agents.of(agent).chain(agentId -> checkAgainstAgent(agentId, agent, rule, source))
                .map(ignored -> new Validation(rule, null))
                .onFailure(TightropeException.class).recoverWithItem(failure -> {
                    TightropeException error = (TightropeException) failure;
                    if (error.code() != ErrorCode.VALIDATION) {
                        throw error;
                    }
                    return new Validation(null, error);
                });
    }

    /** The answer of {@link #validate}: the rule, or the error. */
    public record Validation(Rule rule, TightropeException error) {
    }

    /**
     * The rule the text says; VALIDATION with the position when it says none, and when its canonical text (what is
     * stored and read back) would read as another rule, which {@link Rule#toSource} is built never to produce.
     */
    public static Rule parse(String source) {
        Rule rule;
        try {
            rule = RuleParser.parse(source);
        } catch (RuleSyntaxException syntax) {
            throw syntaxError(syntax);
        }
        if (!rule.equals(readOrNull(rule.toSource()))) {
            throw TightropeException.validation("The rule cannot be kept exactly as written: its canonical text '"
                    + rule.toSource() + "' reads as another rule. Write its numbers with fewer digits.");
        }
        return rule;
    }

    /**
     * A stored rule: its canonical text, else the text it was written as (a rule stored by an older version whose
     * canonical text does not read back); an IllegalStateException when neither reads.
     */
    public static Rule read(StoredRule stored) {
        Rule rule = readOrNull(stored);
        if (rule == null) {
            throw new IllegalStateException("rule " + stored.id() + " cannot be read: " + stored.canonical());
        }
        return rule;
    }

    /** {@link #read}, or null (logged) when the stored rule cannot be read: it is left out, the others are not. */
    static Rule readOrNull(StoredRule stored) {
        Rule rule = readOrNull(stored.canonical());
        if (rule == null) {
            rule = readOrNull(stored.source());
        }
        if (rule == null) {
            LOG.errorf("Rule %d of agent %d cannot be read and is left out: %s", stored.id(), stored.agentId(),
                    stored.canonical());
        }
        return rule;
    }

    private static Rule readOrNull(String text) {
        try {
            return text == null ? null : RuleParser.parse(text);
        } catch (RuleSyntaxException unreadable) {
            return null;
        }
    }

    private Uni<StoredRule> active(long ruleId) {
        return store.byId(ruleId).map(stored -> {
            if (stored == null || stored.deletedAt() != null) {
                throw TightropeException.notFound("Rule " + ruleId + " does not exist (or was deleted)");
            }
            return stored;
        });
    }

    private Uni<Void> checkAgainstAgent(long agentId, String agent, Rule rule, String source) {
        return checkTool(agent, rule, source).chain(() -> checkFallback(agentId, agent, rule, source));
    }

    /** A tool rule must name a tool that some version of the agent declares (among its latest 100 tool lists). */
    private Uni<Void> checkTool(String agent, Rule rule, String source) {
        if (rule.tool() == null) {
            return Uni.createFrom().voidItem();
        }
        return versions.listComponents(agent, ComponentKind.TOOLS, PageRequest.of(PageRequest.MAX_SIZE, null,
                VersionService.COMPONENT_CURSOR)).map(page -> {
                    Set<String> declared = new TreeSet<>();
                    page.items().forEach(item -> declared.addAll(ToolNames.of(item.value().content())));
                    if (!declared.contains(rule.tool())) {
                        int offset = source.indexOf('(') + 1;
                        while (offset < source.length() && Character.isWhitespace(source.charAt(offset))) {
                            offset++;
                        }
                        throw syntaxError(position(source, offset, "'" + rule.tool() + "'", declared.isEmpty()
                                ? "a tool of " + agent + " (its versions declare none)"
                                : "a tool of " + agent + " (" + String.join(", ", declared) + ")"));
                    }
                    return null;
                });
    }

    private Uni<Void> checkFallback(long agentId, String agent, Rule rule, String source) {
        if (rule.action() != RuleAction.FALLBACK) {
            return Uni.createFrom().voidItem();
        }
        return sessions.read(() -> registry.requireVersion(agentId, agent, rule.fallbackVersion())).onFailure(e -> ErrorTranslator.codeOf(e)
                == ErrorCode.NOT_FOUND).transform(notFound -> {
                    int at = source.toUpperCase(java.util.Locale.ROOT).lastIndexOf("VERSION");
                    int offset = at < 0 ? 0 : at + "VERSION".length();
                    while (offset < source.length() && Character.isWhitespace(source.charAt(offset))) {
                        offset++;
                    }
                    return syntaxError(position(source, offset, "'" + rule.fallbackVersion() + "'",
                            "a version of " + agent + " (it has no version " + rule.fallbackVersion() + ")"));
                });
    }

    private static RuleSyntaxException position(String source, int offset, String found, String expected) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new RuleSyntaxException(line, column, found, expected);
    }

    static TightropeException syntaxError(RuleSyntaxException syntax) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("line", syntax.line());
        details.put("column", syntax.column());
        details.put("found", syntax.found());
        details.put("expected", syntax.expected());
        return new TightropeException(ErrorCode.VALIDATION, "Rule: " + syntax.getMessage(), details);
    }
}
