package dev.arcanum.secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed-from-env ({@code SECRETS_SEED_FROM_ENV}): on start, writes each mapped environment variable
 * into the store under its key when the key is absent — a one-time migration from
 * secrets-in-the-environment to a secret store.
 *
 * <ul>
 *   <li>An existing entry is never overwritten: each write is {@link SecretStore#putIfAbsent}, which
 *       backends with an atomic create (Vault check-and-set, AWS {@code CreateSecret}, the local
 *       store's file lock) make safe when two processes start at once.
 *   <li>A variable that is unset or blank is skipped.
 *   <li>Logs name keys and variables only; each seeded variable gets a WARN recommending its removal
 *       from the environment, since the store now holds it.
 *   <li>{@link SecretProviders} skips seeding when the store is read-only.
 * </ul>
 *
 * <p>Entries are seeded into {@link SecretScope#DEFAULT}. Stateless and thread-safe.
 */
public final class SeedFromEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(SeedFromEnvironment.class);
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SeedFromEnvironment() {}

    /**
     * Checks a mapping before anything is written: every key well-formed and without {@code #field},
     * every variable a valid environment variable name.
     *
     * @param keyToVariable key to variable name
     * @return the problems found, empty when the mapping is valid; never values
     */
    public static List<String> problems(Map<String, String> keyToVariable) {
        List<String> problems = new ArrayList<>();
        keyToVariable.forEach((key, variable) -> {
            try {
                if (SecretKey.parse(key).fieldOrNull() != null) {
                    problems.add("key '" + key + "' has a '#field'; seed whole entries");
                }
            } catch (InvalidSecretKeyException e) {
                problems.add(e.getMessage());
            }
            if (variable == null || !VARIABLE.matcher(variable).matches()) {
                problems.add("'" + variable + "' (for key '" + key + "') is not an environment variable name");
            }
        });
        return problems;
    }

    /**
     * Seeds the store.
     *
     * @param store where to write; in {@link SecretScope#DEFAULT}
     * @param keyToVariable key to the name of the variable holding its value, in the order to seed
     * @param environment looks a variable up; returns null when unset ({@code System::getenv}, or a
     *     {@link SecretsConfig}'s {@code get})
     * @return the keys this call created, in order
     * @throws IllegalArgumentException if the mapping has {@link #problems}, before anything is written
     * @throws SecretException if a write fails; keys seeded before it stay seeded
     */
    public static List<String> seed(
            SecretStore store, Map<String, String> keyToVariable, Function<String, String> environment) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(environment, "environment");
        List<String> problems = problems(keyToVariable);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot seed from the environment: " + String.join("; ", problems));
        }
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, String> e : new LinkedHashMap<>(keyToVariable).entrySet()) {
            String key = e.getKey();
            String variable = e.getValue();
            String value = environment.apply(variable);
            if (value == null || value.isBlank()) {
                LOG.debug("Seed-from-env: {} is not set; '{}' not seeded", variable, key);
                continue;
            }
            if (store.putIfAbsent(key, value, SecretScope.DEFAULT)) {
                created.add(key);
                LOG.warn(
                        "Seeded secret '{}' into provider '{}' from environment variable {}. The store holds it now:"
                                + " remove {} from the environment.",
                        key,
                        store.name(),
                        variable,
                        variable);
            } else {
                LOG.info(
                        "Seed-from-env: '{}' already exists in provider '{}'; {} not used (existing entries are never"
                                + " overwritten)",
                        key,
                        store.name(),
                        variable);
            }
        }
        return created;
    }
}
