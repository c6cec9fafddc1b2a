package dev.arcanum.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pre-publish step of an integration upload: gathers every secret an integration needs and
 * writes them to a target store in one bulk call.
 *
 * <ol>
 *   <li>Every {@code KV_*} entry of a {@code .env} file names a key by the {@link KvReference}
 *       convention ({@code KV_SECRETS_CLIENT_SECRET} → {@code secrets/client-secret}). Its value is
 *       written as is, unless it is itself a reference ({@code kv://other/key}), which is resolved
 *       from the source provider first. Other entries are ignored.
 *   <li>Every {@code kv://} reference in a JSON payload (nested objects and arrays) that the {@code
 *       .env} does not supply is resolved from the source provider under its own key.
 *   <li>The keys are de-duplicated (the {@code .env} wins), validated, and written to the target with
 *       one {@link SecretStore#putAll}.
 * </ol>
 *
 * <p>A reference that cannot be resolved is skipped with a warning naming it; a target that answers
 * 401/403 ({@link SecretAccessDeniedException}) yields a warning and a result with {@link
 * Result#accessDenied()} set. With {@link Builder#strict(boolean) strict} on, both fail instead. A
 * {@code KV_} name outside the convention, or a payload reference with a {@code #field} (which names
 * part of a secret, not a secret to write), is skipped with a warning.
 *
 * <pre>{@code
 * SecretPush.Result r = SecretPush.builder()
 *         .environment(dotenvEntries)
 *         .payload(objectMapper.readTree(payloadFile))
 *         .source(SecretProviders.fromEnvironment())
 *         .target(integrationStore)
 *         .build()
 *         .run();
 * r.warnings().forEach(log::warn);
 * }</pre>
 *
 * <p>Results and warnings hold key names and counts only, never values. A {@code SecretPush} is
 * immutable; {@link #run()} may be called from any thread, but runs against the given providers,
 * whose own thread-safety applies.
 */
public final class SecretPush {
    private final Map<String, String> environment;
    private final JsonNode payload;
    private final SecretProvider source;
    private final SecretScope sourceScope;
    private final SecretStore target;
    private final SecretScope targetScope;
    private final boolean strict;

    private SecretPush(Builder b) {
        this.environment = Map.copyOf(b.environment);
        this.payload = b.payload == null ? null : b.payload.deepCopy();
        this.source = b.source;
        this.sourceScope = b.sourceScope;
        this.target = b.target;
        this.targetScope = b.targetScope;
        this.strict = b.strict;
    }

    /**
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Plans, resolves and writes.
     *
     * @return what was written, with warnings
     * @throws InvalidSecretKeyException before any I/O if a gathered key is malformed
     * @throws SecretNotFoundException if strict and a reference cannot be resolved (nothing written)
     * @throws SecretAccessDeniedException if strict and the target refuses the write
     * @throws SecretProviderUnavailableException if the source or the target cannot be reached
     * @throws IllegalStateException if references must be resolved and no source was given
     */
    public Result run() {
        List<String> warnings = new ArrayList<>();
        // Planned entries: target key -> literal value or reference key (resolved below).
        Map<String, String> literals = new LinkedHashMap<>();
        Map<String, String> references = new LinkedHashMap<>();
        List<String> fromEnvironment = new ArrayList<>();
        List<String> fromPayload = new ArrayList<>();

        environment.keySet().stream().sorted().forEach(name -> {
            if (!name.startsWith(KvReference.ENV_PREFIX)) {
                return;
            }
            Optional<String> key = KvReference.keyFromEnvironmentName(name);
            if (key.isEmpty()) {
                warnings.add(name + " does not follow the KV_ naming convention (KV_SECRETS_CLIENT_SECRET ->"
                        + " secrets/client-secret); skipped");
                return;
            }
            String k = SecretKey.requireValid(key.get());
            String value = environment.get(name);
            Optional<String> ref = KvReference.keyFromReference(value);
            if (ref.isPresent()) {
                references.put(k, SecretKey.requireValid(ref.get()));
            } else if (value == null || value.isEmpty()) {
                warnings.add(name + " is empty; skipped");
                return;
            } else {
                literals.put(k, value);
            }
            fromEnvironment.add(k);
        });
        if (payload != null) {
            for (String ref : KvReference.findReferences(payload)) {
                SecretKey parsed = SecretKey.parse(ref);
                if (parsed.fieldOrNull() != null) {
                    if (!literals.containsKey(parsed.path()) && !references.containsKey(parsed.path())) {
                        warnings.add(KvReference.SCHEME + ref + " names a field, not a whole secret; push "
                                + KvReference.SCHEME + parsed.path() + " instead; skipped");
                    }
                    continue;
                }
                if (literals.containsKey(ref) || references.containsKey(ref)) {
                    continue;
                }
                references.put(ref, ref);
                fromPayload.add(ref);
            }
        }

        Map<String, String> resolved = Map.of();
        if (!references.isEmpty()) {
            if (source == null) {
                throw new IllegalStateException(
                        references.size() + " references need a source provider to resolve them; set source()");
            }
            Map<String, Secret> found = source.getMany(new LinkedHashSet<>(references.values()), sourceScope);
            Map<String, String> values = new LinkedHashMap<>();
            found.forEach((k, s) -> values.put(k, s.value()));
            resolved = values;
        }

        Map<String, String> toWrite = new LinkedHashMap<>(literals);
        List<String> unresolved = new ArrayList<>();
        for (Map.Entry<String, String> e : references.entrySet()) {
            String value = resolved.get(e.getValue());
            if (value == null) {
                String ref = KvReference.SCHEME + e.getValue();
                unresolved.add(ref);
                warnings.add(ref + " could not be resolved from provider '" + source.name() + "' (scope "
                        + sourceScope.name() + "); " + e.getKey() + " skipped");
            } else {
                toWrite.put(e.getKey(), value);
            }
        }
        fromEnvironment.retainAll(toWrite.keySet());
        fromPayload.retainAll(toWrite.keySet());
        if (strict && !unresolved.isEmpty()) {
            throw new SecretNotFoundException(
                    "push stopped, nothing written: unresolved references " + String.join(", ", unresolved));
        }
        if (toWrite.isEmpty()) {
            warnings.add("nothing to push");
            return new Result(
                    List.of(), List.of(), List.of(), fromEnvironment, fromPayload, unresolved, warnings, false);
        }
        try {
            BulkResult r = target.putAll(toWrite, targetScope);
            return new Result(
                    List.copyOf(toWrite.keySet()),
                    r.created(),
                    r.updated(),
                    fromEnvironment,
                    fromPayload,
                    unresolved,
                    warnings,
                    false);
        } catch (SecretAccessDeniedException e) {
            if (strict) {
                throw e;
            }
            warnings.add("provider '" + target.name() + "' denied the write, nothing was pushed: " + e.getMessage());
            return new Result(
                    List.of(), List.of(), List.of(), fromEnvironment, fromPayload, unresolved, warnings, true);
        }
    }

    /**
     * What a push did. Names only.
     *
     * @param written the keys written to the target, in order ({@code .env} first, then payload)
     * @param created the keys the target reports as new
     * @param updated the keys the target reports as new versions of existing ones
     * @param fromEnvironment the keys gathered from {@code KV_*} entries
     * @param fromPayload the keys gathered from payload references the {@code .env} did not supply
     * @param unresolved the references that could not be resolved ({@code kv://…})
     * @param warnings one line each, naming keys and references, never values
     * @param accessDenied true if the target refused the write (nothing was written)
     */
    public record Result(
            List<String> written,
            List<String> created,
            List<String> updated,
            List<String> fromEnvironment,
            List<String> fromPayload,
            List<String> unresolved,
            List<String> warnings,
            boolean accessDenied) {
        /**
         * Copies every list.
         *
         * @param written see the record component
         * @param created see the record component
         * @param updated see the record component
         * @param fromEnvironment see the record component
         * @param fromPayload see the record component
         * @param unresolved see the record component
         * @param warnings see the record component
         * @param accessDenied see the record component
         */
        public Result {
            written = List.copyOf(written);
            created = List.copyOf(created);
            updated = List.copyOf(updated);
            fromEnvironment = List.copyOf(fromEnvironment);
            fromPayload = List.copyOf(fromPayload);
            unresolved = List.copyOf(unresolved);
            warnings = List.copyOf(warnings);
        }
    }

    /** Builds a {@link SecretPush}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> environment = new LinkedHashMap<>();
        private JsonNode payload;
        private SecretProvider source;
        private SecretScope sourceScope = SecretScope.DEFAULT;
        private SecretStore target;
        private SecretScope targetScope = SecretScope.DEFAULT;
        private boolean strict;

        private Builder() {}

        /**
         * @param entries the entries of a {@code .env} file; only {@code KV_*} names are used; copied
         * @return this builder
         */
        public Builder environment(Map<String, String> entries) {
            Objects.requireNonNull(entries, "entries").forEach((k, v) -> {
                if (k != null && v != null) {
                    environment.put(k, v);
                }
            });
            return this;
        }

        /**
         * @param payload a JSON document whose {@code kv://} strings name secrets to push; may be null
         * @return this builder
         */
        public Builder payload(JsonNode payload) {
            this.payload = payload;
            return this;
        }

        /**
         * @param source where references are resolved
         * @return this builder
         */
        public Builder source(SecretProvider source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @param scope the scope references are read from; default {@link SecretScope#DEFAULT}
         * @return this builder
         */
        public Builder sourceScope(SecretScope scope) {
            this.sourceScope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /**
         * @param target where everything is written
         * @return this builder
         */
        public Builder target(SecretStore target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * @param scope the scope written to; default {@link SecretScope#DEFAULT}
         * @return this builder
         */
        public Builder targetScope(SecretScope scope) {
            this.targetScope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /**
         * @param strict if true, an unresolved reference or a refused write fails the push instead of
         *     becoming a warning
         * @return this builder
         */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * @return the push
         * @throws IllegalStateException if no target was given
         */
        public SecretPush build() {
            if (target == null) {
                throw new IllegalStateException("target is required");
            }
            return new SecretPush(this);
        }
    }
}
