package dev.tightrope.registry.graphql;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.registry.domain.VersionDiff;

/** GraphQL types {@code VersionDiff} and {@code ComponentDiff}. */
@Type("VersionDiff")
@Description("What differs between two versions of an agent, component by component.")
public class VersionDiffNode {

    private final VersionDiff diff;

    public VersionDiffNode(VersionDiff diff) {
        this.diff = diff;
    }

    @Description(AGENT)
    @NonNull
    public String getAgentSlug() {
        return diff.agentSlug();
    }

    @Description("The older version's number.")
    @NonNull
    public int getFrom() {
        return diff.from();
    }

    @Description("The newer version's number.")
    @NonNull
    public int getTo() {
        return diff.to();
    }

    @NonNull
    @Description("True when at least one component differs.")
    public boolean getChanged() {
        return diff.changed();
    }

    @NonNull
    @Description("One entry per component kind, in kind order.")
    public List<@NonNull ComponentDiffNode> getComponents() {
        return diff.components().stream().map(ComponentDiffNode::new).toList();
    }

    /** GraphQL type {@code ComponentDiff}. */
    @Type("ComponentDiff")
    @Description("One component's difference between two versions.")
    public static class ComponentDiffNode {

        private final VersionDiff.ComponentDiff diff;

        ComponentDiffNode(VersionDiff.ComponentDiff diff) {
            this.diff = diff;
        }

        @Description("Which component.")
        @NonNull
        public ComponentKind getKind() {
            return diff.kind();
        }

        @Description("True when the two versions pin different versions of this component.")
        @NonNull
        public boolean getChanged() {
            return diff.changed();
        }

        @NonNull
        @Description("Component version number in the 'from' agent version.")
        public int getFromVersion() {
            return diff.fromVersion();
        }

        @NonNull
        @Description("Component version number in the 'to' agent version.")
        public int getToVersion() {
            return diff.toVersion();
        }

        @NonNull
        @Description("Unified diff of the readable content (prompt text, pretty JSON); empty when unchanged.")
        public String getUnifiedDiff() {
            return diff.diff().unified();
        }

        @Description("Lines the unified diff adds.")
        @NonNull
        public int getLinesAdded() {
            return diff.diff().linesAdded();
        }

        @Description("Lines the unified diff removes.")
        @NonNull
        public int getLinesRemoved() {
            return diff.diff().linesRemoved();
        }
    }
}
