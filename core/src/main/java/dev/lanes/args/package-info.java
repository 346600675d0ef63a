/**
 * The argument checks every public entry point of Lanes shares, so that a bad call reads the same in every
 * module. Exported to Lanes' own modules only; not a user API.
 */
package dev.lanes.args;
