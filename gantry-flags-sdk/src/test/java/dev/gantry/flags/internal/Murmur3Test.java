package dev.gantry.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Murmur3Test {
    private static int hash(String s, int seed) {
        return Murmur3.hash(s.getBytes(StandardCharsets.UTF_8), seed);
    }

    @Test
    void matchesThePublishedTestVectors() {
        assertThat(hash("", 0)).isZero();
        assertThat(hash("", 1)).isEqualTo(0x514E28B7);
        assertThat(hash("", 0xffffffff)).isEqualTo(0x81F16F39);
        assertThat(hash("test", 0)).isEqualTo(0xba6bd213);
        assertThat(hash("a", 0x9747b28c)).isEqualTo(0x7FA09EA6);
        assertThat(hash("aa", 0x9747b28c)).isEqualTo(0x5D211726);
        assertThat(hash("aaa", 0x9747b28c)).isEqualTo(0x283E0130);
        assertThat(hash("aaaa", 0x9747b28c)).isEqualTo(0x5A97808A);
        assertThat(hash("Hello, world!", 0x9747b28c)).isEqualTo(0x24884CBA);
        assertThat(hash("The quick brown fox jumps over the lazy dog", 0x9747b28c))
                .isEqualTo(0x2FA826CD);
        assertThat(hash("The quick brown fox jumps over the lazy dog", 0)).isEqualTo(0x2e4ff723);
    }

    @Test
    void theStreamingBucketKeyHashEqualsHashingTheUtf8BytesOfKeyColonValue() {
        String[][] cases = {
            {"flag", "user-1"},
            {"", ""},
            {"new-banner", "é"},
            {"k", "日本語のユーザー"},
            {"emoji", "\uD83D\uDE80rocket"},
            {"abc", "d"},
            {"abcd", "efgh"},
            {"lone", "x\uD800y"},
            {"pre", "\uDBFF\uDFFF"},
        };
        for (String[] c : cases) {
            assertThat(Murmur3.hashBucketKey(c[0], c[1])).as(c[0] + ":" + c[1]).isEqualTo(hash(c[0] + ":" + c[1], 0));
        }
    }

    @Test
    void theAsciiFastPathAgreesWithTheBytesAtEveryAlignmentAndWhereverANonAsciiCharFalls() {
        String[] odd = {"é", "日", "\uD83D\uDE80", "\uD800"};
        for (int p = 0; p < 5; p++) {
            String prefix = "abcde".substring(0, p);
            for (int len = 0; len < 11; len++) {
                String ascii = "0123456789a".substring(0, len);
                assertThat(Murmur3.hashBucketKey(prefix, ascii))
                        .as(prefix + ":" + ascii)
                        .isEqualTo(hash(prefix + ":" + ascii, 0));
                for (int at = 0; at < len; at++) {
                    for (String o : odd) {
                        String v = ascii.substring(0, at) + o + ascii.substring(at);
                        assertThat(Murmur3.hashBucketKey(prefix, v))
                                .as(prefix + ":" + v)
                                .isEqualTo(hash(prefix + ":" + v, 0));
                    }
                }
            }
        }
    }

    @Test
    void randomStringsOfAnyCodePointsHashLikeTheirUtf8Bytes() {
        var random = new java.util.Random(42);
        char[] pool = {
            'a', 'Z', '0', ':', '\u007f', '\u0080', 'é', '\u07ff', '\u0800', '日', '\uffff', '\uD83D', '\uDE80',
            '\uDBFF', '\uDFFF'
        };
        for (int n = 0; n < 10_000; n++) {
            var sb = new StringBuilder();
            for (int i = random.nextInt(24); i > 0; i--) sb.append(pool[random.nextInt(pool.length)]);
            String prefix = "flag-" + random.nextInt(1000);
            String v = sb.toString();
            assertThat(Murmur3.hashBucketKey(prefix, v)).as(prefix + ":" + v).isEqualTo(hash(prefix + ":" + v, 0));
        }
    }

    @Test
    void bucketsAreUnsignedAndBelowOneHundredThousand() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(CompiledRollout.bucket("flag", "user-" + i)).isBetween(0, 99_999);
        }
    }
}
