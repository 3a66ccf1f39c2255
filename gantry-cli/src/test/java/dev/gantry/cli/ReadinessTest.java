package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AppSummary;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's verdict on instances, from what the API says (the router probe is DemoTest's). */
class ReadinessTest {
    static final List<Readiness.Probe> PROBES = List.of(
            new Readiness.Probe("hello", "hello.localhost", "/"),
            new Readiness.Probe("markdown", "markdown.localhost", "/health"));
    static final Map<String, AppSummary> APPS = Map.of(
            "hello", new AppSummary("hello", 1, 2, 0, "hello.localhost", "/"),
            "markdown", new AppSummary("markdown", 1, 1, 0, "markdown.localhost", "/"));

    @Test
    void every_desired_instance_ready_is_ready() {
        Readiness.Verdict v = Readiness.instances(
                PROBES,
                APPS,
                List.of(
                        instance("hello-1", "hello", InstanceState.READY, ""),
                        instance("hello-2", "hello", InstanceState.READY, ""),
                        instance("markdown-1", "markdown", InstanceState.READY, "")));
        assertThat(v.ready()).isTrue();
    }

    @Test
    void a_starting_instance_is_waited_for_and_named_with_its_state_and_message() {
        Readiness.Verdict v = Readiness.instances(
                PROBES,
                APPS,
                List.of(
                        instance("hello-1", "hello", InstanceState.READY, ""),
                        instance("hello-2", "hello", InstanceState.STARTING, "health /health: connection refused"),
                        instance("markdown-1", "markdown", InstanceState.PENDING, "")));
        assertThat(v.failed()).isEmpty();
        assertThat(v.waiting())
                .containsExactly(
                        "hello instance hello-2 is STARTING: health /health: connection refused",
                        "markdown instance markdown-1 is PENDING");
        assertThat(v.waitsFor("hello")).isTrue();
    }

    @Test
    void a_failed_or_crash_looping_instance_fails_at_once() {
        Readiness.Verdict v = Readiness.instances(
                PROBES,
                APPS,
                List.of(
                        instance("hello-1", "hello", InstanceState.CRASH_LOOP, "exited with code 1"),
                        instance("hello-2", "hello", InstanceState.READY, ""),
                        instance("markdown-1", "markdown", InstanceState.FAILED, "cannot run: no such file")));
        assertThat(v.failed())
                .containsExactly(
                        "hello instance hello-1 is CRASH_LOOP: exited with code 1",
                        "markdown instance markdown-1 is FAILED: cannot run: no such file");
    }

    @Test
    void an_instance_killed_by_its_memory_limit_fails_at_once_with_its_message() {
        Readiness.Verdict v = Readiness.instances(
                PROBES,
                APPS,
                List.of(
                        instance(
                                "hello-1",
                                "hello",
                                InstanceState.OOM,
                                "killed by its memory limit of 32Mi (OOM, exit code 137), restarting in 1s"),
                        instance("hello-2", "hello", InstanceState.READY, ""),
                        instance("markdown-1", "markdown", InstanceState.READY, "")));
        assertThat(v.failed())
                .containsExactly(
                        "hello instance hello-1 is OOM: killed by its memory limit of 32Mi (OOM, exit code 137),"
                                + " restarting in 1s");
        assertThat(v.ready()).isFalse();
    }

    @Test
    void fewer_instances_than_desired_or_an_unknown_app_is_waited_for() {
        Readiness.Verdict v = Readiness.instances(
                PROBES,
                Map.of("hello", APPS.get("hello")),
                List.of(
                        instance("hello-1", "hello", InstanceState.READY, ""),
                        new InstanceView(
                                "hello-0", "hello", "local", 20001, InstanceState.STOPPING, 1, 0, 0, true, "", 0, 0)));
        assertThat(v.waiting())
                .containsExactly("hello has 1 of 2 instances ready", "markdown is not known to the control plane");
    }

    private static InstanceView instance(String id, String app, InstanceState state, String message) {
        return new InstanceView(id, app, "local", 20000, state, 1, 0, 0, false, message, 0, 0);
    }
}
