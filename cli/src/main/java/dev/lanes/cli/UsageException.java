package dev.lanes.cli;

/** A command line that parses but asks for something impossible; reported in one line with exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
