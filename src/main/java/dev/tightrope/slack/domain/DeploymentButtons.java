package dev.tightrope.slack.domain;

import java.util.ArrayList;
import java.util.List;

import dev.tightrope.release.domain.Deployment;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.DeploymentState;
import dev.tightrope.release.domain.TrafficChangeType;

/**
 * The buttons under a message about one deployment, chosen from what can be done next: with a canary serving
 * traffic, "Roll back now" and "Promote"; with only a stable version that came from another one, "Roll back now";
 * after a rollback, none (another click would go further back, which deserves a typed command). "Open dashboard"
 * whenever a dashboard URL is configured. Destructive buttons ask first (Block Kit {@code confirm}).
 *
 * <p>Every action button carries {@link ButtonValue}: the generation shown, so a stale click is refused.
 */
public final class DeploymentButtons {

    private DeploymentButtons() {
    }

    /** What the deployment looks like for choosing buttons. */
    public record Situation(String agent, String environment, long generation, boolean canaryActive,
            Integer stableVersion, Integer canaryVersion, boolean canRollBackStable) {
    }

    /** The situation right after a traffic change. */
    public static Situation after(String agent, String environment, long generation, TrafficChangeType type,
            Integer fromVersion, Integer toVersion) {
        boolean canary = switch (type) {
            case ROLLOUT_STARTED, ROLLOUT_ADVANCED, ROLLOUT_PAUSED, ROLLOUT_RESUMED -> true;
            default -> false;
        };
        Integer stable = canary ? fromVersion : toVersion;
        boolean rollBackStable = (type == TrafficChangeType.DEPLOYED || type == TrafficChangeType.PROMOTED)
                && fromVersion != null;
        return new Situation(agent, environment, generation, canary, stable, canary ? toVersion : null,
                rollBackStable);
    }

    /**
     * The situation of a deployment as it is now: a canary while a rollout is active; the stable version can be
     * rolled back when the latest change brought it in from another one and was not itself a rollback.
     *
     * @param last the latest event, or {@code null}
     */
    public static Situation situation(Deployment deployment, DeploymentEvent last) {
        DeploymentState state = deployment.state();
        boolean canary = state.hasActiveRollout();
        boolean rollBackStable = last != null && last.type() != TrafficChangeType.ROLLED_BACK && !canary
                && last.fromVersion() != null;
        return new Situation(deployment.agent(), deployment.environment(), state.generation(), canary,
                state.stableVersion(), canary ? state.rollout().canaryVersion() : null, rollBackStable);
    }

    /** Whether "Roll back now" fits the situation. */
    public static boolean canRollBack(Situation situation) {
        return situation.canaryActive() || situation.canRollBackStable();
    }

    public static BlockKit.Actions actions(Situation situation, DashboardLinks links) {
        List<BlockKit.Button> buttons = new ArrayList<>();
        String value = new ButtonValue(situation.agent(), situation.environment(), situation.generation()).encode();
        if (canRollBack(situation)) {
            buttons.add(BlockKit.Button.action("Roll back now", SlackActions.ROLLBACK, value, BlockKit.Style.DANGER,
                    rollbackConfirm(situation)));
        }
        if (situation.canaryActive()) {
            buttons.add(BlockKit.Button.action("Promote", SlackActions.PROMOTE, value, BlockKit.Style.PRIMARY,
                    new BlockKit.Confirm("Promote " + situation.agent() + "?",
                            "Version " + situation.canaryVersion() + " becomes the stable version of "
                                    + situation.environment() + " and gets 100 % of its traffic.",
                            "Promote", "Cancel", BlockKit.Style.PRIMARY)));
        }
        if (links.enabled()) {
            buttons.add(BlockKit.Button.link("Open dashboard", SlackActions.DASHBOARD,
                    links.deployment(situation.agent(), situation.environment())));
        }
        return new BlockKit.Actions("tightrope:" + value, buttons);
    }

    /** The dialog before "Roll back now": what stops and which version gets the traffic. */
    static BlockKit.Confirm rollbackConfirm(Situation situation) {
        String text = situation.canaryActive()
                ? "The canary (version " + situation.canaryVersion() + ") stops at once: all " + situation.environment()
                        + " traffic goes back to version " + situation.stableVersion() + "."
                : "Version " + situation.stableVersion() + " is replaced at once by the previous known-good version"
                        + " for all " + situation.environment() + " traffic.";
        return new BlockKit.Confirm("Roll back " + situation.agent() + "?", text, "Roll back", "Cancel",
                BlockKit.Style.DANGER);
    }
}
