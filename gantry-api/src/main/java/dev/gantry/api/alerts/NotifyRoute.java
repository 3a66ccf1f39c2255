package dev.gantry.api.alerts;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where notifications go: exactly one of an email list, a webhook or the log. A webhook's HMAC secret is read
 * from a file or an environment variable, never written in the rules. Validated on construction, naming the
 * field ({@code routes[ops].email[0]: ...}).
 *
 * @param email     addresses ({@code ops@example.com})
 * @param webhook   an http(s) URL that receives each notification as a JSON POST
 * @param secretFile a file holding the webhook's HMAC-SHA256 secret
 * @param secretEnv an environment variable holding it
 * @param log       true: the control plane's log
 */
public record NotifyRoute(
        String name, List<String> email, String webhook, String secretFile, String secretEnv, boolean log) {
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;\"]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    public NotifyRoute {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]{0,62}"))
            throw new IllegalArgumentException(
                    "name: must be 1-63 lower-case letters, digits, '.', '_' or '-', was " + name);
        String at = "routes[" + name + "].";
        email = email == null ? List.of() : List.copyOf(email);
        int kinds = (email.isEmpty() ? 0 : 1) + (webhook == null ? 0 : 1) + (log ? 1 : 0);
        if (kinds != 1) throw new IllegalArgumentException(at + "email, webhook, log: exactly one must be given");
        for (int i = 0; i < email.size(); i++) {
            if (!ADDRESS.matcher(email.get(i)).matches())
                throw new IllegalArgumentException(
                        at + "email[" + i + "]: must be an address like ops@example.com, was " + email.get(i));
        }
        if (webhook != null) {
            URI uri;
            try {
                uri = URI.create(webhook);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + "webhook: must be an http(s) URL, was " + webhook);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null)
                throw new IllegalArgumentException(at + "webhook: must be an http(s) URL, was " + webhook);
        }
        if (webhook == null && (secretFile != null || secretEnv != null))
            throw new IllegalArgumentException(at + "secretFile, secretEnv: only a webhook has a secret");
    }

    /** What kind of notifier serves it: {@code email}, {@code webhook} or {@code log}. */
    public String kind() {
        return !email.isEmpty() ? "email" : webhook != null ? "webhook" : "log";
    }

    public static NotifyRoute email(String name, String... to) {
        return new NotifyRoute(name, List.of(to), null, null, null, false);
    }

    public static NotifyRoute webhook(String name, String url, String secretFile) {
        return new NotifyRoute(name, List.of(), url, secretFile, null, false);
    }

    public static NotifyRoute logged(String name) {
        return new NotifyRoute(name, List.of(), null, null, null, true);
    }
}
