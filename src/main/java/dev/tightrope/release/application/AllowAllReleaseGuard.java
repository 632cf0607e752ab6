package dev.tightrope.release.application;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

/** The guard when no feature provides one: every change goes ahead. */
@DefaultBean
@ApplicationScoped
public class AllowAllReleaseGuard implements ReleaseGuard {

    @Override
    public Uni<String> check(TrafficRequest request, Clearance clearance) {
        return Uni.createFrom().nullItem();
    }
}
