package dev.tightrope.platform.graphql;

import java.util.List;
import java.util.Map;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * A mutation request refused before any of its fields ran (its variables or values broke the request contract, or
 * the engine's validation refused it), fired as a CDI event so the audit log records it like any other refused
 * mutation: every mutation, refused or not, leaves an entry. Fields that did run are audited by access control.
 *
 * @param identity  who sent it (may be anonymous)
 * @param fields    the mutation's root fields, each with its arguments as the request gave them (literals as
 *                  written, variables by their values)
 * @param code      the error code the request was answered with
 */
public record RefusedMutation(SecurityIdentity identity, List<Field> fields, String code) {

    /** One root field of the refused mutation. */
    public record Field(String name, Map<String, Object> arguments) {
    }
}
