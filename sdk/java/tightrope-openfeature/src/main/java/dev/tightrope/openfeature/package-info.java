/**
 * The OpenFeature provider of Tightrope ({@link dev.tightrope.openfeature.TightropeProvider}): each agent is an
 * object flag whose value is the configuration of the version that serves the targeting key.
 */
package dev.tightrope.openfeature;
