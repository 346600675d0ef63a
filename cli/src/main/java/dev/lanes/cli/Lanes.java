package dev.lanes.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lanes} command: {@code train}, {@code evaluate}, {@code predict}, {@code info}. Every failure the
 * user can cause — a bad argument, a missing or malformed file — ends in one line on stderr and a non-zero exit
 * code (2 for command-line usage, 1 for everything else); {@code --verbose} adds the stack trace.
 */
@Command(name = "lanes", mixinStandardHelpOptions = true, versionProvider = Lanes.Version.class,
        description = "Train, run and inspect small neural networks on the JDK Vector API.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, InfoCommand.class,
                CommandLine.HelpCommand.class})
public final class Lanes implements Runnable {

    /** Exit code for a bad command line (picocli's convention). */
    static final int USAGE = 2;
    /** Exit code for any other failure: bad files, bad data, I/O. */
    static final int FAILURE = 1;

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger KERNEL_LOG = Logger.getLogger("dev.lanes.kernels");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: train, evaluate, predict or info");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err, stdoutIsTerminal());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line. {@code terminal} says whether {@code out} is an interactive terminal: the
     * training progress then redraws one line with {@code \r}; otherwise it prints plain lines.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, boolean terminal) {
        System.setProperty("java.awt.headless", "true");
        boolean verbose = Arrays.asList(args).contains("--verbose");
        // The kernels log their choice at INFO; train's summary and info already say it.
        KERNEL_LOG.setLevel(verbose ? Level.INFO : Level.WARNING);
        CommandLine cli = new CommandLine(new Lanes(), new Factory(terminal));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName();
            err.println(prefix(e.getCommandLine()) + oneLine(e.getMessage()) + " (see 'lanes "
                    + ("lanes".equals(command) ? "" : command + " ") + "--help')");
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            err.println(prefix(commandLine) + describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof UsageException ? USAGE : FAILURE;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) { // thrown past picocli, which handles exceptions only
            String command = args.length > 0 && !args[0].startsWith("-") ? args[0] + " " : "";
            err.println("lanes " + command.strip() + (command.isEmpty() ? "" : ": ") + outOfMemory(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            code = FAILURE;
        }
        out.flush();
        if (out.checkError()) { // PrintWriter and System.out swallow write errors: a full disk, a closed pipe
            err.println("lanes: writing to standard output failed (disk full, or the reader closed it); the output"
                    + " is incomplete");
            err.flush();
            return code == 0 ? FAILURE : code;
        }
        return code;
    }

    /** One line for an OutOfMemoryError: what ran out, the heap's size, and what to do. */
    static String outOfMemory(OutOfMemoryError e) {
        long max = Runtime.getRuntime().maxMemory();
        return "out of memory (" + (e.getMessage() == null ? "Java heap space" : e.getMessage()) + "; the heap is "
                + (max == Long.MAX_VALUE ? "unlimited" : (max >> 20) + " MiB") + "): give Java more, e.g. "
                + "JDK_JAVA_OPTIONS=-Xmx8g ./lanes …, or use a smaller --batch, fewer or narrower layers, or a"
                + " smaller data set";
    }

    private static String prefix(CommandLine commandLine) {
        String name = commandLine.getCommandName();
        return "lanes".equals(name) ? "lanes: " : "lanes " + name + ": ";
    }

    /** The exception as one line: its message, or for an exception without one (a bug), its type. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        // With a reason (AtomicFile.checkWritable gives one) the message says it all; without, only the path.
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getReason() != null ? message : "no such file: " + message;
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getReason() != null ? message : "permission denied: " + message;
        }
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName() + " (run with --verbose for the stack trace)";
        }
        boolean ours = e instanceof UsageException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof java.io.IOException
                || e instanceof dev.lanes.train.NonFiniteLossException;
        return (ours ? "" : e.getClass().getSimpleName() + ": ") + oneLine(message);
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * Whether standard output is an interactive terminal that understands {@code \r}: a console exists,
     * TERM is not "dumb", and — on JDK 22 and newer, where {@code System.console()} is non-null even when
     * output is redirected — {@code Console.isTerminal()} says so.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: a non-null console is a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Creates commands, handing each the terminal flag. */
    private record Factory(boolean terminal) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == TrainCommand.class) {
                return type.cast(new TrainCommand(terminal));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** {@code lanes --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Lanes.class.getPackage().getImplementationVersion();
            return new String[] {"lanes " + (v == null ? "0.1.0-SNAPSHOT" : v) + " on Java "
                    + Runtime.version()};
        }
    }
}
