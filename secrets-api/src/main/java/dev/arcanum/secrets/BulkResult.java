package dev.arcanum.secrets;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link SecretStore#putAll}: which keys were created and which got a new version.
 * Key names only, never values.
 *
 * @param created keys that did not exist before, in the order written
 * @param updated keys that existed and got a new version, in the order written
 */
public record BulkResult(List<String> created, List<String> updated) {
    /**
     * Validates and copies.
     *
     * @param created see the record component
     * @param updated see the record component
     */
    public BulkResult {
        created = List.copyOf(Objects.requireNonNull(created, "created"));
        updated = List.copyOf(Objects.requireNonNull(updated, "updated"));
    }

    /**
     * @return how many keys were created
     */
    public int createdCount() {
        return created.size();
    }

    /**
     * @return how many keys got a new version
     */
    public int updatedCount() {
        return updated.size();
    }
}
