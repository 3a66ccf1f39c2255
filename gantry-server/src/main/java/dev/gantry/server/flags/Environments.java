package dev.gantry.server.flags;

import dev.gantry.server.web.ApiException;
import io.javalin.http.Context;
import java.util.List;

/** Which environment a read-only request is for: the SDK key's own, or {@code ?env=} (default production) for the admin. */
final class Environments {
    static final String DEFAULT = "production";
    static final String SDK_KEY_ATTRIBUTE = "gantry.sdkKey";

    private Environments() {}

    static String of(Context ctx) {
        String asked = ctx.queryParam("env");
        SdkKey key = ctx.attribute(SDK_KEY_ATTRIBUTE);
        if (key == null) return asked == null ? DEFAULT : FlagRequests.env(asked);
        if (asked != null && !asked.equals(key.env())) {
            throw new ApiException(
                    403,
                    "sdk key " + key.name() + " is for environment " + key.env() + ", not " + asked,
                    List.of("env: this SDK key may only read \"" + key.env() + "\""));
        }
        return key.env();
    }
}
