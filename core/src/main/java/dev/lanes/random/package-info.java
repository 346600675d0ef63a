/**
 * {@link dev.lanes.random.Rng}, the seedable generator behind every random choice in Lanes; a seed gives the
 * same numbers bit for bit on any JDK and platform.
 */
package dev.lanes.random;
