package dev.lanes.bench.report;

/**
 * A problem with the inputs or outputs of {@link Report} that the user can fix: a file that is not JMH JSON,
 * a throughput-mode result, README markers missing. Its message names the file and is printed without a
 * stack trace.
 */
final class ReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ReportException(String message) {
        super(message);
    }

    ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
