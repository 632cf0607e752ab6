package dev.tightrope.access.domain;

/** Announced (as a CDI event) when an instance learns that a token was revoked, here or on another instance. */
public record TokenRevoked(long tokenId) {
}
