package dev.gantry.server.alerts;

import dev.gantry.api.alerts.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes notifications to the control plane's log, at WARN while firing and INFO otherwise. */
final class LogNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger("dev.gantry.alerts");

    @Override
    public void send(Notification n) {
        if (n.transition().equals("firing") || n.transition().equals("repeat"))
            log.warn("alert {} subjects={} values={} id={}", n.subject(), n.subjects(), n.values(), n.id());
        else log.info("alert {} subjects={} id={}", n.subject(), n.subjects(), n.id());
    }
}
