package dev.arcanum.secrets.spring;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the cache's refresh finds a new version of a key the application resolved through
 * {@code ${secret:…}}, so pools and clients holding the old value can rebuild. Carries the key and
 * the new version, never the value: read it from the {@code SecretProvider}.
 */
public final class SecretChangedEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String version;

    /**
     * @param source the publisher
     * @param key the key that changed
     * @param version its new version, or null where the backend keeps none
     */
    public SecretChangedEvent(Object source, String key, String version) {
        super(source);
        this.key = key;
        this.version = version;
    }

    /**
     * @return the key that changed
     */
    public String getKey() {
        return key;
    }

    /**
     * @return the new version, or null
     */
    public String getVersion() {
        return version;
    }

    @Override
    public String toString() {
        return "SecretChangedEvent{key=" + key + ", version=" + version + "}";
    }
}
