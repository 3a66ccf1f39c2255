package dev.gantry.cli;

import dev.gantry.api.AppSpec;
import dev.gantry.api.AppSpecParser;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.SpecException;
import dev.gantry.api.archive.TarGz;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "deploy", description = "Build DIR (its gantry.yml says how), make a numbered release and roll it out.")
final class DeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "directory with a gantry.yml", defaultValue = ".")
    Path dir;

    @Override
    public Integer call() throws Exception {
        AppSpec app = readSpec(dir);
        Path tar = pack(dir);
        java.io.PrintWriter out = spec.commandLine().getOut();
        try {
            out.println(
                    "deploying " + app.name() + " from " + dir.toAbsolutePath().normalize());
            String source =
                    ControlPlaneClient.segment(dir.toAbsolutePath().normalize().toString());
            DeploymentAccepted accepted = api.client()
                    .upload("/api/v1/deploys?source=" + source, tar, "application/gzip", DeploymentAccepted.class);
            out.println("release " + accepted.release() + " (deployment " + accepted.deployment() + ")");
            return DeploymentFollower.follow(api.client(), accepted, out);
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    static AppSpec readSpec(Path dir) throws IOException {
        Path yml = dir.resolve("gantry.yml");
        if (!Files.isRegularFile(yml))
            throw new CliException("no gantry.yml in " + dir.toAbsolutePath().normalize());
        try {
            return AppSpecParser.parse(Files.readString(yml), yml.toString());
        } catch (SpecException e) {
            throw new CliException("invalid " + yml + ":\n  " + String.join("\n  ", e.problems()));
        }
    }

    /** The app directory as a tar.gz, without version-control and dependency folders. */
    static Path pack(Path dir) throws IOException {
        Path tar = Files.createTempFile("gantry-deploy-", ".tar.gz");
        try {
            TarGz.pack(dir, tar, Set.of(".git", "node_modules"));
        } catch (IOException e) {
            Files.deleteIfExists(tar);
            throw new CliException("could not pack " + dir + ": " + e);
        }
        return tar;
    }
}
