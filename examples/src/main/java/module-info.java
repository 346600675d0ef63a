/** Runnable examples of Lanes' API. */
module dev.lanes.examples {
    requires dev.lanes.core;

    exports dev.lanes.examples;
}
