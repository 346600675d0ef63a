/** The {@code lanes} command line: train, evaluate, predict, info. */
module dev.lanes.cli {
    requires dev.lanes.core;
    requires dev.lanes.onnx;
    requires info.picocli;
    requires org.knowm.xchart;
    requires java.desktop;
    requires java.logging;

    // picocli fills the commands' annotated fields reflectively.
    opens dev.lanes.cli to info.picocli;
}
