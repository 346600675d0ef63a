/** The numeric property harness and the independent double-precision references. */
module dev.lanes.check {
    requires dev.lanes.core;
    requires dev.lanes.simd;

    exports dev.lanes.check;
    exports dev.lanes.check.examples;
    exports dev.lanes.check.reference;
}
