package dev.tightrope.release.application;

import java.util.List;

import dev.tightrope.release.domain.Arm;

/** Where one request goes and with what configuration. */
public record RouteDecision(String agent, String environment, Arm arm, long generation, Long rolloutId,
        VersionConfig config, List<String> disabledTools) {
}
