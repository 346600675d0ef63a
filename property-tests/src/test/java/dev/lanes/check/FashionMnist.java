package dev.lanes.check;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the real Fashion-MNIST IDX files are: Debian's dataset-fashion-mnist, or -Dlanes.fashion.mnist=DIR.
 * Absent, a test that needs them is skipped with a message, unless -Dlanes.datasets.required=true (set by the
 * build when CI=true; .ci/run installs the package), which makes their absence a failure.
 */
public final class FashionMnist {

    private FashionMnist() {}

    /** The directory holding {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz; skips or fails when absent. */
    public static Path dir() {
        Path dir = Path.of(System.getProperty("lanes.fashion.mnist", "/usr/share/datasets/fashion-mnist"));
        if (!Files.isRegularFile(dir.resolve("t10k-labels-idx1-ubyte.gz"))) {
            String msg = "Fashion-MNIST not found in " + dir + " (apt-get install dataset-fashion-mnist)";
            if (Boolean.getBoolean("lanes.datasets.required")) {
                fail(msg + "; required in CI");
            }
            System.out.println(msg + ": skipped");
            Assumptions.abort(msg);
        }
        return dir;
    }
}
