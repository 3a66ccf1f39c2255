package dev.gantry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code gantry --version}: the project version and the commit it was built from, as the build wrote them. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        return new String[] {line(read())};
    }

    /** "gantry 0.1.0-SNAPSHOT (commit f2de3f2)"; "-dirty" when built with uncommitted changes, "unknown" outside git. */
    static String line(Properties p) {
        String commit = known(p.getProperty("commit"));
        String dirty = "true".equals(p.getProperty("dirty")) ? "-dirty" : "";
        return "gantry " + known(p.getProperty("version")) + " (commit "
                + (commit.equals("unknown") ? commit : commit + dirty) + ")";
    }

    /** The version an agent reports: "0.1.0-SNAPSHOT+f2de3f2" ("-dirty" appended likewise), "unknown" if unreadable. */
    static String agent() {
        try {
            return agent(read());
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String agent(Properties p) {
        String commit = known(p.getProperty("commit"));
        String dirty = "true".equals(p.getProperty("dirty")) ? "-dirty" : "";
        return known(p.getProperty("version")) + (commit.equals("unknown") ? "" : "+" + commit + dirty);
    }

    private static Properties read() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/version.properties")) {
            if (in != null) p.load(in);
        }
        return p;
    }

    /** A value the build did not fill in stays "${...}". */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }
}
