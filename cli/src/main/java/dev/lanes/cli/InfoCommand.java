package dev.lanes.cli;

import dev.lanes.infer.Model;
import dev.lanes.kernels.Kernels;
import dev.lanes.onnx.OnnxModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lanes info}: which kernels this JVM runs and why, and what a model file holds. */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the kernel implementation this JVM runs (its vector width and why it was chosen)"
                + " and, with --model, a model file's architecture, parameter count and format version.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", description = "a model file written by lanes train --save, or an .onnx file")
    Path modelFile;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (modelFile == null) {
            out.println("kernels: " + Kernels.describe());
            out.flush();
            return 0;
        }
        if (OnnxFiles.isOnnx(modelFile)) {
            OnnxModel onnx = OnnxModel.load(modelFile);
            out.printf("file: %s (%,d bytes)%n", modelFile, Files.size(modelFile));
            out.println(onnx.describe());
            out.println("kernels: " + Kernels.describe());
            out.flush();
            return 0;
        }
        Model model = Model.load(modelFile);
        out.printf("file: %s (%,d bytes)%n", modelFile, Files.size(modelFile));
        out.println(model.describe());
        out.printf("parameters: %,d%n", model.parameterCount());
        out.println("format version: " + model.formatVersion());
        if (model.formatVersion() == 2) { // a checkpoint: every field of its training state is checked too
            out.println("training state: " + dev.lanes.infer.Checkpoint.load(modelFile)
                    + "; train --resume continues it");
        }
        out.println("inputs: " + model.inputWidth() + ", outputs: " + model.outputWidth()
                + (model.endsWithSoftmax() ? " (probabilities)" : " (scores; predict applies softmax)"));
        out.println("kernels: " + Kernels.describe());
        out.flush();
        return 0;
    }
}
