package dev.arcanum.secrets.cli;

import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.ReadOnlyStoreException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.spi.HmacSecretSigner;
import dev.arcanum.secrets.spi.SecretFields;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import dev.arcanum.secrets.spi.SettingsReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend that lives in the test JVM, shaped like a remote one: a required address, a credential
 * token, an optional namespace with a default. Its state is kept per address, so several CLI runs in
 * one test see the same store. Hosts steer failures: {@code unreachable.test} is down, {@code
 * forbidden.test} refuses writes (HTTP 403), {@code readonly.test} is read-only, token {@code wrong-token} is refused everywhere.
 */
final class FakeBackend implements SecretStore {
    private static final Map<String, State> STATES = new ConcurrentHashMap<>();

    /** What one address holds, with a record of every bulk write. */
    static final class State {
        final Map<String, List<String>> versions = new ConcurrentHashMap<>();
        final List<Map<String, String>> bulkWrites = new CopyOnWriteArrayList<>();
    }

    static State state(String address) {
        return STATES.computeIfAbsent(address, a -> new State());
    }

    /**
     * A factory for one fake backend. Two are registered, {@code fake} and {@code target}, so a test
     * can push from one backend to another with one set of settings.
     */
    abstract static class BaseFactory implements SecretProviderFactory {
        private final String name;
        final Setting address;
        final Setting token;
        final Setting namespace;

        BaseFactory(String name, String conventionalPrefix) {
            this.name = name;
            this.address = Setting.required("secrets." + name + ".address", "the " + name + " server URL")
                    .alsoFrom(conventionalPrefix + "_ADDR");
            this.token = Setting.required("secrets." + name + ".token", "the access token")
                    .asCredential()
                    .alsoFrom(conventionalPrefix + "_TOKEN");
            this.namespace = Setting.optional("secrets." + name + ".namespace", "the namespace", "root");
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Setting> settings() {
            return List.of(address, token, namespace);
        }

        @Override
        public SecretProvider create(SecretsConfig config) {
            SettingsReader r = new SettingsReader(name, config);
            URI a = r.uri(address);
            String t = r.string(token);
            r.string(namespace);
            r.validate();
            return new FakeBackend(name, a, t);
        }
    }

    /** {@code fake}, alias {@code fake_alias}; conventional variables FAKE_ADDR, FAKE_TOKEN. */
    public static final class Factory extends BaseFactory {
        public Factory() {
            super("fake", "FAKE");
        }

        @Override
        public Set<String> aliases() {
            return Set.of("fake_alias");
        }
    }

    /** {@code target}; conventional variables TARGET_ADDR, TARGET_TOKEN. */
    public static final class TargetFactory extends BaseFactory {
        public TargetFactory() {
            super("target", "TARGET");
        }
    }

    private final String name;
    private final URI address;
    private final String token;
    private final State state;
    private final HmacSecretSigner signer = new HmacSecretSigner(this);

    private FakeBackend(String name, URI address, String token) {
        this.name = name;
        this.address = address;
        this.token = token;
        this.state = state(address.toString());
    }

    private void check(boolean write) {
        if (address.getHost().equals("unreachable.test")) {
            throw new SecretProviderUnavailableException("fake server " + address + " is unreachable");
        }
        if (write && address.getHost().equals("readonly.test")) {
            throw new ReadOnlyStoreException("fake server " + address + " is read-only");
        }
        if (token.equals("wrong-token") || (write && address.getHost().equals("forbidden.test"))) {
            throw new SecretAccessDeniedException("fake server " + address + " answered HTTP 403");
        }
    }

    private static String id(String key, SecretScope scope) {
        return scope.name() + "\u0000" + key;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        SecretKey k = SecretKey.parse(key);
        check(false);
        List<String> vs = state.versions.get(id(k.path(), scope));
        if (vs == null) {
            throw new SecretNotFoundException("Secret '" + k.path() + "' not found in scope " + scope);
        }
        return SecretFields.select(Secret.of(k.path(), vs.get(vs.size() - 1), Integer.toString(vs.size())), k);
    }

    @Override
    public Secret getVersion(String key, String version, SecretScope scope) {
        SecretKey k = SecretKey.parse(key);
        check(false);
        List<String> vs = state.versions.get(id(k.path(), scope));
        int n;
        try {
            n = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (vs == null || n < 1 || n > vs.size()) {
            throw new SecretNotFoundException("Secret '" + k.path() + "' version " + version + " not found");
        }
        return SecretFields.select(Secret.of(k.path(), vs.get(n - 1), version), k);
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        Map<String, Secret> out = new LinkedHashMap<>();
        for (String key : keys) {
            try {
                out.put(key, get(key, scope));
            } catch (SecretNotFoundException e) {
                // absent keys are left out
            }
        }
        return out;
    }

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        check(false);
        return signer.sign(payload, purpose);
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        check(false);
        return signer.verify(payload, signature, purpose);
    }

    @Override
    public SecretProviderHealth healthCheck() {
        if (address.getHost().equals("unreachable.test")) {
            return SecretProviderHealth.unavailable("fake server " + address + " is unreachable", Map.of());
        }
        return SecretProviderHealth.healthy("fake server " + address, Map.of("entries", state.versions.size()));
    }

    @Override
    public SecretMetadata put(String key, String value, SecretScope scope) {
        SecretKey.parse(key);
        check(true);
        List<String> vs = state.versions.computeIfAbsent(id(key, scope), k -> new CopyOnWriteArrayList<>());
        vs.add(value);
        return SecretMetadata.of(key, Integer.toString(vs.size()));
    }

    @Override
    public boolean delete(String key, SecretScope scope) {
        check(true);
        return state.versions.remove(id(SecretKey.parse(key).path(), scope)) != null;
    }

    @Override
    public boolean exists(String key, SecretScope scope) {
        check(false);
        return state.versions.containsKey(id(SecretKey.parse(key).path(), scope));
    }

    @Override
    public List<SecretMetadata> list(SecretScope scope) {
        check(false);
        Map<String, SecretMetadata> out = new TreeMap<>();
        String prefix = scope.name() + "\u0000";
        state.versions.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String key = k.substring(prefix.length());
                out.put(key, SecretMetadata.of(key, Integer.toString(v.size())));
            }
        });
        return List.copyOf(out.values());
    }

    @Override
    public BulkResult putAll(Map<String, String> values, SecretScope scope) {
        values.keySet().forEach(SecretKey::parse);
        check(true);
        state.bulkWrites.add(Map.copyOf(values));
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        values.forEach((k, v) -> {
            (state.versions.containsKey(id(k, scope)) ? updated : created).add(k);
            state.versions
                    .computeIfAbsent(id(k, scope), x -> new CopyOnWriteArrayList<>())
                    .add(v);
        });
        return new BulkResult(created, updated);
    }

    @Override
    public String toString() {
        return "FakeBackend{" + address + "}";
    }
}
