package dev.tightrope.slack.domain;

/**
 * Turns one kind of event into a notification. Traffic changes have {@link TrafficChangeNotifications}. Alerts
 * have {@link AlertNotifications}, whose "fired" message also needs the deployment as it is now (for "Roll back
 * now"), so it is a function of two arguments rather than one of these; both go to the same notifier.
 *
 * @param <E> the event type
 */
public interface NotificationBuilder<E> {

    Notification build(E event);
}
