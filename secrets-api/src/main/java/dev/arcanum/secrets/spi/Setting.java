package dev.arcanum.secrets.spi;

import dev.arcanum.secrets.SecretsConfig;
import java.util.List;
import java.util.Objects;

/**
 * One setting a provider reads: its property name, what it means, whether it is required, its
 * default, whether it holds a credential, and the backend's conventional variables that also set it.
 *
 * <p>Lookup order ({@link #rawValue}): the property name and its environment spelling through
 * {@link SecretsConfig#get}, then each conventional variable in order, then the default.
 *
 * @param property the property name, for example {@code secrets.vault.address}
 * @param description one line for {@code secrets doctor} and the docs
 * @param required whether building the provider fails without it
 * @param defaultValue the default, or null
 * @param credential true for tokens, passwords and client secrets: printed by name only, never by
 *     value
 * @param conventionalVariables variables the backend already uses, for example {@code VAULT_ADDR}
 */
public record Setting(
        String property,
        String description,
        boolean required,
        String defaultValue,
        boolean credential,
        List<String> conventionalVariables) {

    /**
     * Validates and copies.
     *
     * @param property see the record component
     * @param description see the record component
     * @param required see the record component
     * @param defaultValue see the record component
     * @param credential see the record component
     * @param conventionalVariables see the record component
     */
    public Setting {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(description, "description");
        conventionalVariables = List.copyOf(conventionalVariables == null ? List.of() : conventionalVariables);
    }

    /**
     * @param property the property name
     * @param description one line
     * @return an optional setting without a default
     */
    public static Setting optional(String property, String description) {
        return new Setting(property, description, false, null, false, List.of());
    }

    /**
     * @param property the property name
     * @param description one line
     * @param defaultValue the default
     * @return an optional setting with a default
     */
    public static Setting optional(String property, String description, String defaultValue) {
        return new Setting(property, description, false, defaultValue, false, List.of());
    }

    /**
     * @param property the property name
     * @param description one line
     * @return a required setting
     */
    public static Setting required(String property, String description) {
        return new Setting(property, description, true, null, false, List.of());
    }

    /**
     * @return a copy marked as a credential
     */
    public Setting asCredential() {
        return new Setting(property, description, required, defaultValue, true, conventionalVariables);
    }

    /**
     * @param variables conventional variables, in the order they are tried
     * @return a copy that also reads these variables
     */
    public Setting alsoFrom(String... variables) {
        return new Setting(property, description, required, defaultValue, credential, List.of(variables));
    }

    /**
     * @param value the new default
     * @return a copy with another default (used by aliases such as {@code vault_dev})
     */
    public Setting withDefault(String value) {
        return new Setting(property, description, required, value, credential, conventionalVariables);
    }

    /**
     * @return a copy that is required
     */
    public Setting asRequired() {
        return new Setting(property, description, true, defaultValue, credential, conventionalVariables);
    }

    /**
     * @return the environment spelling of the property, for example {@code SECRETS_VAULT_ADDRESS}
     */
    public String environmentName() {
        return SecretsConfig.environmentName(property);
    }

    /**
     * The raw value, trimmed, by the lookup order above.
     *
     * @param config where to look
     * @return the value or the default; null when neither is set
     */
    public String rawValue(SecretsConfig config) {
        String v = config.get(property);
        if (v == null) {
            for (String variable : conventionalVariables) {
                v = config.get(variable);
                if (v != null) {
                    break;
                }
            }
        }
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        return v.trim();
    }

    /**
     * How the setting is named in messages: both spellings and the conventional variables.
     *
     * @return for example {@code secrets.vault.address (SECRETS_VAULT_ADDRESS or VAULT_ADDR)}
     */
    public String displayName() {
        StringBuilder sb = new StringBuilder(property).append(" (").append(environmentName());
        for (String v : conventionalVariables) {
            sb.append(" or ").append(v);
        }
        return sb.append(')').toString();
    }

    /**
     * Never prints the default of a credential.
     *
     * @return the names and flags
     */
    @Override
    public String toString() {
        return "Setting{" + displayName() + (required ? ", required" : "")
                + (credential ? ", credential" : (defaultValue != null ? ", default=" + defaultValue : "")) + "}";
    }
}
