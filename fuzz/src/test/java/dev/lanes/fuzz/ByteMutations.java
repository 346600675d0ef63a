package dev.lanes.fuzz;

import java.util.Arrays;
import java.util.Random;

/**
 * Byte-level mutations in the manner of libFuzzer's: bit flips, interesting values written over fields (the
 * edges of signed and unsigned 8-, 16-, 32- and 64-bit integers, little- and big-endian, and float specials),
 * inserted, erased, duplicated or shuffled ranges, splices with another input, truncation. One to four are
 * stacked per call.
 */
final class ByteMutations {

    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 100, 127, 128, 255, 256,
        511, 512, 1000, 1023, 1024, 4095, 4096, 32767, 32768, 65535, 65536, 1L << 24, 1L << 28, (1L << 28) + 1,
        Integer.MAX_VALUE - 8, Integer.MAX_VALUE, 1L << 31, 0xFFFFFFFFL, 1L << 32, Long.MAX_VALUE, -1, -2, -128,
        -32768, Integer.MIN_VALUE, Long.MIN_VALUE,
        Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(Float.POSITIVE_INFINITY),
        Float.floatToRawIntBits(Float.NEGATIVE_INFINITY), Float.floatToRawIntBits(-0f),
        Float.floatToRawIntBits(Float.MIN_VALUE), Float.floatToRawIntBits(Float.MAX_VALUE)};

    private ByteMutations() {}

    static byte[] mutate(byte[] input, byte[] donor, Random random) {
        byte[] b = input;
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            b = once(b, donor, random);
        }
        return b;
    }

    private static byte[] once(byte[] b, byte[] donor, Random r) {
        if (b.length == 0) {
            return new byte[] {(byte) r.nextInt(256)};
        }
        switch (r.nextInt(11)) {
            case 0 -> { // flip one bit
                byte[] c = b.clone();
                c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case 1 -> { // a random byte
                byte[] c = b.clone();
                c[r.nextInt(c.length)] = (byte) r.nextInt(256);
                return c;
            }
            case 2, 3 -> { // an interesting value, 1 to 8 bytes wide, either byte order
                byte[] c = b.clone();
                int width = new int[] {1, 2, 4, 8}[r.nextInt(4)];
                long v = INTERESTING[r.nextInt(INTERESTING.length)];
                int at = r.nextInt(c.length);
                boolean little = r.nextBoolean();
                for (int i = 0; i < width && at + i < c.length; i++) {
                    int shift = 8 * (little ? i : width - 1 - i);
                    c[at + i] = (byte) (v >>> shift);
                }
                return c;
            }
            case 4 -> { // add a small number to a byte (a length or a count)
                byte[] c = b.clone();
                c[r.nextInt(c.length)] += (byte) (r.nextInt(35) - 17);
                return c;
            }
            case 5 -> { // erase a range
                int from = r.nextInt(b.length), len = 1 + r.nextInt(Math.min(b.length - from, 64));
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, from);
                System.arraycopy(b, from + len, c, from, b.length - from - len);
                return c;
            }
            case 6 -> { // insert random bytes
                int at = r.nextInt(b.length + 1), len = 1 + r.nextInt(16);
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, at);
                for (int i = 0; i < len; i++) c[at + i] = (byte) r.nextInt(256);
                System.arraycopy(b, at, c, at + len, b.length - at);
                return c;
            }
            case 7 -> { // duplicate a range in place
                int from = r.nextInt(b.length), len = 1 + r.nextInt(Math.min(b.length - from, 256));
                int at = r.nextInt(b.length + 1);
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, from, c, at, len);
                System.arraycopy(b, at, c, at + len, b.length - at);
                return c;
            }
            case 8 -> { // splice: a prefix of this input, a suffix of the donor
                if (donor.length == 0) return b;
                int cut = r.nextInt(b.length + 1), from = r.nextInt(donor.length);
                byte[] c = Arrays.copyOf(b, cut + donor.length - from);
                System.arraycopy(donor, from, c, cut, donor.length - from);
                return c;
            }
            case 9 -> { // copy a range over another place
                byte[] c = b.clone();
                int from = r.nextInt(c.length), to = r.nextInt(c.length);
                int len = 1 + r.nextInt(Math.min(Math.min(c.length - from, c.length - to), 32));
                System.arraycopy(b, from, c, to, len);
                return c;
            }
            default -> { // truncate
                return Arrays.copyOf(b, r.nextInt(b.length));
            }
        }
    }
}
