package dev.tightrope.registry.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** Input of {@code createAgent}. */
@Description("A new agent: its slug, name and description.")
@Input("CreateAgentInput")
public class CreateAgentInput {

    @NonNull
    @Description("Unique identifier: 2 to 63 lower-case letters, digits and '-', starting with a letter or digit.")
    public String slug;

    @NonNull
    @Description("Display name, up to 200 characters.")
    public String name;

    @Description("Free text, up to 2000 characters.")
    public String description;
}
