/** The numeric property harness and the independent double-precision references. */
module dev.lanes.check {
    requires dev.lanes.core;
    requires dev.lanes.simd;
    requires dev.lanes.examples;
    // com.sun.management.ThreadMXBean: the allocation tests count bytes allocated per thread.
    requires jdk.management;

    exports dev.lanes.check;
    exports dev.lanes.check.reference;
}
