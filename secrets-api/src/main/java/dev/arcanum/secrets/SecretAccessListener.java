package dev.arcanum.secrets;

/**
 * Told of every read made through a provider built by {@link SecretProviders}: which key, which
 * scope, which provider, how it ended, how long it took and whether the cache answered it. Attach
 * one to feed an audit trail or metrics.
 *
 * <pre>{@code
 * SecretProvider secrets = SecretProviders.builder()
 *         .accessListener(e -> auditLog.info("read {} in {}: {}", e.key(), e.scope(), e.outcome()))
 *         .build();
 * }</pre>
 *
 * <p>Off by default; when no listener is set, reads do no extra work at all (no clock read, no event
 * object). The event never carries the value.
 *
 * <p><b>Threading</b>: called synchronously on the reading thread, after the read, so it must be
 * quick and thread-safe; hand slow work to a queue. A listener that throws is logged at WARN once
 * and never fails the read.
 */
@FunctionalInterface
public interface SecretAccessListener {

    /**
     * @param event the read that just finished; never null
     */
    void onAccess(SecretAccessEvent event);
}
