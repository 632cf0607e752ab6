package dev.tightrope.access.graphql;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.spi.EventingService;

/**
 * What {@code META-INF/services/io.smallrye.graphql.spi.EventingService} registers: forwards SmallRye GraphQL's
 * data-fetch events to the {@link AccessControl} bean of the running application.
 *
 * <p>Why not register {@link AccessControl} itself: SmallRye GraphQL loads its eventing services once per JVM and
 * keeps them in a static singleton. In dev mode a live reload starts a new application with new classes, while that
 * singleton keeps the first instances, which would compare the new application's objects with the old classes and
 * find nobody authenticated. This class therefore refers only to types that outlive a reload (Arc, SmallRye's SPI)
 * and looks the bean up by name again whenever the CDI container changed.
 */
public final class AccessControlHook implements EventingService {

    private volatile ArcContainer container;
    private volatile EventingService delegate;

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public void beforeDataFetch(Context context) {
        delegate().beforeDataFetch(context);
    }

    @Override
    public void afterDataFetch(Context context) {
        delegate().afterDataFetch(context);
    }

    @Override
    public void errorDataFetch(Context context, Throwable failure) {
        delegate().errorDataFetch(context, failure);
    }

    private EventingService delegate() {
        ArcContainer current = Arc.container();
        EventingService known = delegate;
        if (known == null || current != container) {
            known = current.<EventingService>instance(AccessControl.BEAN_NAME).get();
            if (known == null) {
                throw new IllegalStateException("bean " + AccessControl.BEAN_NAME + " is missing: access control "
                        + "cannot run, so nothing may");
            }
            delegate = known;
            container = current;
        }
        return known;
    }
}
