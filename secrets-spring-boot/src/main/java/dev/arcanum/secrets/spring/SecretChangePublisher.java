package dev.arcanum.secrets.spring;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.cache.CachingSecretProvider;
import dev.arcanum.secrets.cache.Subscription;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Republishes the cache's rotation events as {@link SecretChangedEvent}s for every key the
 * application resolved through {@code ${secret:…}}, and for keys it subscribes with {@link
 * #watch(String)}. Subscribes once the application is ready, so every placeholder of the start-up
 * has been resolved. Does nothing when the cache is off ({@code secrets.cache.ttl=0}): without a
 * cache there is no refresh to notice a change.
 */
public final class SecretChangePublisher
        implements ApplicationListener<ApplicationReadyEvent>, ApplicationEventPublisherAware, DisposableBean {
    private final SecretProvider provider;
    private final ConfigurableEnvironment environment;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private ApplicationEventPublisher publisher;

    SecretChangePublisher(SecretProvider provider, ConfigurableEnvironment environment) {
        this.provider = provider;
        this.environment = environment;
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        PropertySource<?> source = environment.getPropertySources().get(SecretPropertySource.NAME);
        if (source instanceof SecretPropertySource secrets) {
            secrets.resolvedKeys().forEach(this::watch);
        }
    }

    /**
     * Publishes a {@link SecretChangedEvent} whenever a refresh finds a new version of the key.
     *
     * @param key the key, as passed to {@code get}
     * @return true if subscribed; false when the provider has no cache
     */
    public synchronized boolean watch(String key) {
        if (!(provider instanceof CachingSecretProvider cache)) {
            return false;
        }
        subscriptions.add(cache.onChange(
                key,
                (previous, current) -> publisher.publishEvent(new SecretChangedEvent(this, key, current.version()))));
        return true;
    }

    @Override
    public synchronized void destroy() {
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }
}
