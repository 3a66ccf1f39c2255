package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorityTest {
    @ParameterizedTest
    @CsvSource({
        "shop.localhost, shop.localhost",
        "SHOP.Localhost:8080, shop.localhost",
        "127.0.0.1:80, 127.0.0.1",
        "[::1]:8443, [::1]",
        "[2001:db8::1], [2001:db8::1]",
        "a_b.example:, a_b.example",
        "x:65535, x"
    })
    void validAuthoritiesGiveTheirLowerCaseHost(String value, String host) {
        assertThat(Authority.parse(value)).isEqualTo(new Authority(host));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "user@shop.localhost",
                "shop.localhost/x",
                "shop localhost",
                "shop.localhost:80:80",
                "shop.localhost:65536",
                "shop.localhost:123456",
                "shop.localhost:8o",
                "[::1",
                "[zz::1]",
                "[]",
                ".shop",
                "-shop",
                "shop..localhost",
                "shop%2elocalhost",
                "shop.localhost\\",
                "sh\top",
                "shop!",
                "caf\u00e9.example"
            })
    void invalidAuthoritiesAreRefused(String value) {
        assertThat(Authority.parse(value)).isNull();
    }
}
