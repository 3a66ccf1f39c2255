package dev.gantry.flags.internal;

/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain algorithm), written here so the
 * SDK needs no hashing library. {@link #hashBucketKey} hashes the UTF-8 bytes of
 * {@code prefix + ':' + value} while encoding on the fly, so bucketing allocates nothing.
 */
public final class Murmur3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {}

    /** murmur3_32 of {@code data} with {@code seed}. */
    public static int hash(byte[] data, int seed) {
        int h = seed;
        int k = 0;
        for (int i = 0; i < data.length; i++) {
            k |= (data[i] & 0xff) << ((i & 3) << 3);
            if ((i & 3) == 3) {
                h = mixBlock(h, k);
                k = 0;
            }
        }
        return finish(h, k, data.length);
    }

    /** The hash state after the UTF-8 bytes of {@code key + ":"}: computed once per rollout, resumed per evaluation. */
    public record Prefix(int h, int k, int n) {
        public static Prefix of(String key) {
            State st = new State();
            st.absorb(key + ":");
            return new Prefix(st.h, st.k, st.n);
        }
    }

    /** murmur3_32 (seed 0) of the UTF-8 bytes of {@code prefix + ":" + value}. */
    public static int hashBucketKey(String prefix, String value) {
        return hash(Prefix.of(prefix), value);
    }

    /** murmur3_32 (seed 0) of the prefix's bytes followed by the UTF-8 bytes of {@code value}; allocates nothing. */
    public static int hash(Prefix prefix, String value) {
        int h = prefix.h();
        int k = prefix.k();
        int n = prefix.n();
        int length = value.length();
        int i = 0;
        // ASCII, one byte per char: first up to a block boundary, then four chars per block
        for (; i < length && (n & 3) != 0; i++, n++) {
            int c = value.charAt(i);
            if (c >= 0x80) return hashFrom(value, i, h, k, n);
            k |= c << ((n & 3) << 3);
            if ((n & 3) == 3) {
                h = mixBlock(h, k);
                k = 0;
            }
        }
        for (; i + 4 <= length; i += 4, n += 4) {
            int c0 = value.charAt(i);
            int c1 = value.charAt(i + 1);
            int c2 = value.charAt(i + 2);
            int c3 = value.charAt(i + 3);
            if ((c0 | c1 | c2 | c3) >= 0x80) return hashFrom(value, i, h, k, n);
            h = mixBlock(h, c0 | c1 << 8 | c2 << 16 | c3 << 24);
        }
        return hashFrom(value, i, h, k, n);
    }

    /** Continues a hash from char {@code from} of {@code value}, any code points. */
    private static int hashFrom(String value, int from, int h, int k, int n) {
        int length = value.length();
        for (int i = from; i < length; i++) {
            int cp = value.charAt(i);
            if (cp >= 0x80
                    && Character.isHighSurrogate((char) cp)
                    && i + 1 < length
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                cp = Character.toCodePoint((char) cp, value.charAt(++i));
            }
            int encoded = cp < 0x80 ? cp : utf8(cp);
            int count = cp < 0x80 ? 1 : byteCount(cp);
            for (int b = 0; b < count; b++) {
                k |= ((encoded >>> (b << 3)) & 0xff) << ((n & 3) << 3);
                n++;
                if ((n & 3) == 0) {
                    h = mixBlock(h, k);
                    k = 0;
                }
            }
        }
        return finish(h, k, n);
    }

    /** Mutable hashing state, used only to precompute prefixes. */
    private static final class State {
        int h;
        int k;
        int n;

        void absorb(String text) {
            for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                k |= (b & 0xff) << ((n & 3) << 3);
                n++;
                if ((n & 3) == 0) {
                    h = mixBlock(h, k);
                    k = 0;
                }
            }
        }
    }

    private static int byteCount(int cp) {
        if (cp < 0x80) return 1;
        if (cp < 0x800) return 2;
        if (cp >= 0xd800 && cp <= 0xdfff) return 1;
        if (cp < 0x10000) return 3;
        return 4;
    }

    /** The UTF-8 bytes of a code point packed little-endian (first byte lowest); lone surrogates as '?'. */
    private static int utf8(int cp) {
        if (cp < 0x80) return cp;
        if (cp < 0x800) return (0xc0 | cp >>> 6) | (0x80 | cp & 0x3f) << 8;
        if (cp < 0x10000) {
            if (cp >= 0xd800 && cp <= 0xdfff) return '?'; // unpaired surrogate, as String.getBytes does
            return (0xe0 | cp >>> 12) | (0x80 | cp >>> 6 & 0x3f) << 8 | (0x80 | cp & 0x3f) << 16;
        }
        return (0xf0 | cp >>> 18)
                | (0x80 | cp >>> 12 & 0x3f) << 8
                | (0x80 | cp >>> 6 & 0x3f) << 16
                | (0x80 | cp & 0x3f) << 24;
    }

    private static int mixBlock(int h, int k) {
        h ^= mixK(k);
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int finish(int h, int k, int length) {
        if ((length & 3) != 0) h ^= mixK(k);
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
