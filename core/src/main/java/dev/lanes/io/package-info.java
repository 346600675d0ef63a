/**
 * File handling shared by every reader and writer of Lanes files: {@link dev.lanes.io.AtomicFile} replaces a
 * file so that a crash leaves the old content or the new, {@link dev.lanes.io.InputFiles} checks a file before
 * it is opened so errors name it, and {@link dev.lanes.io.ModelFormatException} reports a damaged model or
 * checkpoint file with the byte offset of the problem.
 */
package dev.lanes.io;
