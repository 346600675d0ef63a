package dev.lanes.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The models parsed in this JVM, keyed by a digest of their file's bytes, so that an executor parses a model once
 * however many tasks score with it (a parsed model is immutable and thread-safe; tasks open their own sessions).
 * Least recently used first out beyond {@value #CAPACITY} models, so a long-lived executor that scores with many
 * models over its life does not keep them all.
 */
final class ModelCache {
    static final int CAPACITY = 4;

    private static final Map<String, LoadedModel> MODELS = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LoadedModel> eldest) {
            return size() > CAPACITY;
        }
    };

    private ModelCache() {}

    /** The key of a model file's bytes: their SHA-256 and format. */
    static String key(byte[] bytes, ModelFormat format) {
        try {
            return format + ":" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Records a model parsed elsewhere (the driver's, which in local mode the tasks then share). */
    static synchronized void put(String key, LoadedModel model) {
        MODELS.put(key, model);
    }

    /**
     * The model under {@code key}, parsed from {@code bytes} if this JVM has not got it. Parsing happens under the
     * cache's lock, so concurrent tasks of an executor parse a model once; the bytes were checked on the driver.
     */
    static synchronized LoadedModel get(String key, Supplier<byte[]> bytes, ModelFormat format) {
        LoadedModel m = MODELS.get(key);
        if (m == null) {
            try {
                m = LoadedModel.parse(bytes.get(), format);
            } catch (IOException e) {
                throw new UncheckedIOException("the model broadcast to this executor does not parse", e);
            }
            MODELS.put(key, m);
        }
        return m;
    }
}
