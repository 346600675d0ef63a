package dev.lanes.bench.report;

/**
 * GemmBenchmark's {@code shape} parameter: "MxKxN", optionally prefixed "TN:" or "NT:", for
 * C(m, n) = op(A)(m, k) · op(B)(k, n), where TN transposes A and NT transposes B.
 *
 * @param label     the parameter as written
 * @param transpose "", "TN" or "NT"
 */
record GemmShape(String label, String transpose, long m, long k, long n) {

    static GemmShape parse(String label) {
        String dims = label;
        String transpose = "";
        int colon = label.indexOf(':');
        if (colon >= 0) {
            transpose = label.substring(0, colon);
            dims = label.substring(colon + 1);
        }
        String[] d = dims.split("x");
        if (d.length != 3) {
            throw new ReportException("GEMM shape \"" + label + "\" is not MxKxN (optionally TN: or NT:)");
        }
        try {
            return new GemmShape(label, transpose, Long.parseLong(d[0].trim()), Long.parseLong(d[1].trim()),
                    Long.parseLong(d[2].trim()));
        } catch (NumberFormatException e) {
            throw new ReportException("GEMM shape \"" + label + "\" is not MxKxN", e);
        }
    }

    /** Multiplies plus adds: 2·m·n·k. */
    double flops() {
        return 2.0 * m * n * k;
    }

    /** m = k = n, no transpose: the shapes the GEMM targets and the GFLOPS-vs-n chart use. */
    boolean square() {
        return transpose.isEmpty() && m == k && k == n;
    }
}
