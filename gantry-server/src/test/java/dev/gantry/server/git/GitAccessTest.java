package dev.gantry.server.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GitAccessTest {
    @Test
    void theSecretIsABasicPasswordWhateverTheUserName() {
        assertThat(GitAccess.secret(basic("git:s3cret"))).isEqualTo("s3cret");
        assertThat(GitAccess.secret(basic("anyone:a:b"))).isEqualTo("a:b");
        assertThat(GitAccess.secret("Bearer  tok ")).isEqualTo("tok");
    }

    @Test
    void aHeaderWithoutASecretCarriesNone() {
        assertThat(GitAccess.secret(null)).isNull();
        assertThat(GitAccess.secret(basic("git:"))).isNull();
        assertThat(GitAccess.secret(basic("no-colon"))).isNull();
        assertThat(GitAccess.secret("Basic !!!not-base64")).isNull();
        assertThat(GitAccess.secret("Digest abc")).isNull();
        assertThat(GitAccess.secret("Bearer ")).isNull();
    }

    @Test
    void onlyGitsTwoServicesAreServed() {
        assertThat(GitAccess.Service.named("git-receive-pack")).isEqualTo(GitAccess.Service.RECEIVE);
        assertThatThrownBy(() -> GitAccess.Service.named("git-upload-archive"))
                .hasMessage("service: must be git-receive-pack or git-upload-pack (git's smart HTTP protocol), was"
                        + " git-upload-archive");
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
