package dev.gantry.bench.monitoring;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The benchmark's settings, from {@code --name value} arguments; validated on construction with messages naming
 * the option.
 *
 * @param jar        the built CLI ({@code gantry-cli/target/gantry.jar}) whose {@code server} is measured
 * @param out        where the control plane's data, log, alerts file (and a JFR recording) go
 * @param jfr        record the control plane with JFR ({@code settings=profile}) over the steady window
 */
record Options(
        Path jar,
        Path out,
        int hosts,
        int instances,
        int viewers,
        Duration warmup,
        Duration window,
        int alerts,
        boolean jfr) {
    Options {
        if (hosts < 1) throw new IllegalArgumentException("--hosts: must be at least 1, was " + hosts);
        if (instances < 1) throw new IllegalArgumentException("--instances: must be at least 1, was " + instances);
        if (viewers < 0) throw new IllegalArgumentException("--viewers: must be 0 or more, was " + viewers);
        if (window.toSeconds() < 5) throw new IllegalArgumentException("--window: must be at least 5 s, was " + window);
        if (alerts < 0) throw new IllegalArgumentException("--alerts: must be 0 or more, was " + alerts);
    }

    static Options parse(String[] args) {
        Path jar = Path.of("gantry-cli/target/gantry.jar");
        Path out = Path.of("bench/monitoring/target/run");
        int hosts = 100, instances = 20, viewers = 100, alerts = 10;
        Duration warmup = Duration.ofSeconds(30), window = Duration.ofSeconds(60);
        boolean jfr = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--jfr")) {
                jfr = true;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(name + ": needs a value");
            String v = args[++i];
            switch (name) {
                case "--jar" -> jar = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--hosts" -> hosts = number(name, v);
                case "--instances" -> instances = number(name, v);
                case "--viewers" -> viewers = number(name, v);
                case "--warmup" -> warmup = Duration.ofSeconds(number(name, v));
                case "--window" -> window = Duration.ofSeconds(number(name, v));
                case "--alerts" -> alerts = number(name, v);
                default ->
                    throw new IllegalArgumentException("unknown option " + name + "; known: --jar --out --hosts "
                            + "--instances --viewers --warmup SECONDS --window SECONDS --alerts N --jfr");
            }
        }
        return new Options(jar, out, hosts, instances, viewers, warmup, window, alerts, jfr);
    }

    private static int number(String name, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": must be a whole number, was " + v);
        }
    }
}
