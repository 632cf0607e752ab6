package dev.tightrope.slack.domain;

/**
 * Turns one kind of event into a notification. Traffic changes have {@link TrafficChangeNotifications}; alerts
 * (a later feature) add a builder of their own and hand its notifications to the same notifier.
 *
 * @param <E> the event type
 */
public interface NotificationBuilder<E> {

    Notification build(E event);
}
