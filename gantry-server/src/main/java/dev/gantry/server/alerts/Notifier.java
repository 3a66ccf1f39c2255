package dev.gantry.server.alerts;

import dev.gantry.api.alerts.Notification;
import java.io.IOException;

/** Sends a notification one way (email, webhook, log); IOException when it could not, so it is tried again. */
interface Notifier {
    void send(Notification n) throws IOException;
}
