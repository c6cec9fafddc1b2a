package dev.arcanum.secrets.internal;

/**
 * Keeps {@link CoarseTicker}'s time alone on its cache line: it is written 1000 times a second and
 * read on every hit by every core, so sharing a line with anything written more often would turn hits
 * into cache misses. Superclass fields are laid out before subclass fields, which is what makes
 * padding by inheritance reliable where padding fields in one class is not.
 */
final class CoarseTickerPadding {
    private CoarseTickerPadding() {}

    @SuppressWarnings("unused")
    abstract static class Left {
        long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    abstract static class Value extends Left {
        volatile long value = System.nanoTime();
    }

    @SuppressWarnings("unused")
    abstract static class Right extends Value {
        long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }
}
