package dev.lanes.bench.report;

/**
 * One performance target and how the study measured against it.
 *
 * @param name     what is promised, e.g. "MLP (784-128-10) batch-1 inference vs ONNX Runtime"
 * @param goal     the threshold, e.g. "≥ 5×"
 * @param measured the measured value with its spread and where it was taken, or "—"
 * @param status   the verdict
 * @param verdict  the verdict in words, e.g. "missed: 0.89× vs ≥ 0.95×, 6 % short"
 * @param detail   more for the report only (offenders, pairs beyond their spread), or ""
 */
record Target(String name, String goal, String measured, Status status, String verdict, String detail) {

    enum Status {
        MET, EQUAL_WITHIN_SPREAD, MISSED, NOT_MEASURED
    }

    static Target notMeasured(String name, String goal, String why) {
        return new Target(name, goal, Fmt.NONE, Status.NOT_MEASURED, "not measured", why);
    }

    /** A ratio target "measured ≥ goal", plain comparison of the measured value. */
    static Target atLeast(String name, double goal, Ratio measured, String where) {
        String goalText = "≥ " + Fmt.goal(goal) + "×";
        String value = Fmt.ratio(measured) + (where.isEmpty() ? "" : " (" + where + ")");
        if (measured.value() >= goal) {
            return new Target(name, goalText, value, Status.MET, "met", "");
        }
        String verdict = "missed: " + Fmt.num(measured.value()) + "× vs " + goalText + ", "
                + Fmt.percent(1 - measured.value() / goal) + " short";
        return new Target(name, goalText, value, Status.MISSED, verdict, "");
    }
}
