package dev.gantry.agent;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's process group: every instance starts under setsid, so its shell leads a group of its
 * own, and the group outlives the shell. SIGKILL to the group reaches children the agent never saw
 * (an app orphaned when its shell was killed). Linux does not reuse a pid while it names a live group.
 */
final class ProcessGroup {
    private static final Logger log = LoggerFactory.getLogger(ProcessGroup.class);

    private ProcessGroup() {}

    /** The argv that kills group {@code pgid}: data, checked by equality in tests. */
    static List<String> killArgv(long pgid) {
        return List.of("kill", "-KILL", "--", "-" + pgid);
    }

    static void kill(long pgid) {
        try {
            Process p = new ProcessBuilder(killArgv(pgid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("cannot kill process group pgid={} error={}", pgid, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
