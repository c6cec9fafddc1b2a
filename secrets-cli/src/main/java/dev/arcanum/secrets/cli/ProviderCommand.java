package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What every subcommand shares: the common flags, the settings they produce, and opening the
 * selected provider.
 */
abstract class ProviderCommand implements Callable<Integer> {
    final CliEnvironment env;

    @Mixin
    CommonOptions common = new CommonOptions();

    ProviderCommand(CliEnvironment env) {
        this.env = env;
    }

    /**
     * @return settings: {@code --provider} and {@code --setting} over system properties over the
     *     environment
     */
    CliConfig config() {
        return config(common.provider);
    }

    /**
     * @param providerName a provider to select, or null for the configured one
     * @return the settings with that selection
     */
    CliConfig config(String providerName) {
        Map<String, String> overrides = new LinkedHashMap<>(common.settings);
        if (providerName != null) {
            overrides.put(SecretProviders.PROVIDER.property(), providerName);
        }
        return new CliConfig(overrides, env.systemProperties(), env.environment());
    }

    /**
     * @return the provider name or alias the settings select
     */
    String selectedProvider() {
        return SecretProviders.PROVIDER.rawValue(config());
    }

    SecretProvider openProvider() {
        return SecretProviders.builder().config(config()).build();
    }

    /**
     * @param operation what the caller wants to do, for the message
     * @return the provider as a store
     * @throws CommandFailedException (exit 2) if the provider cannot write or list
     */
    SecretStore openStore(String operation) {
        SecretProvider p = openProvider();
        if (p instanceof SecretStore) {
            return (SecretStore) p;
        }
        String name = p.name();
        p.close();
        throw new CommandFailedException(
                ExitCode.USAGE,
                "provider '" + name + "' is read-only and cannot " + operation
                        + "; choose a store with --provider or SECRETS_PROVIDER");
    }

    SecretScope scope() {
        return SecretScope.of(common.scope);
    }

    boolean json() {
        return common.json;
    }

    void printJson(ObjectNode node) {
        env.out().println(Json.write(node));
        env.out().flush();
    }

    /** A human line on stdout; nothing when {@code --json} is on. */
    void say(String line) {
        if (!common.json) {
            env.out().println(line);
        }
    }

    /** A warning on stderr, always one line, never a value. */
    void warn(String message) {
        env.err().println("secrets: warning: " + message);
        env.err().flush();
    }
}
