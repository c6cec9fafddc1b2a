package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.test.SecretProviderConformanceKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read half of the kit for the {@code dotenv} provider, once over a {@code .env} file and once
 * over a YAML file, each written by {@link #seeded} the way a user would write it.
 */
class DotenvConformanceTest {

    @Nested
    class DotenvFormat extends SecretProviderConformanceKit {
        @TempDir
        Path dir;

        /** Every provider this test opened: their file checks are the backend calls. */
        private final List<DotenvSecretProvider> made = new ArrayList<>();

        @Override
        protected SecretProvider newProvider() {
            return seeded(Map.of());
        }

        @Override
        protected SecretProvider seeded(Map<SecretScope, Map<String, String>> entries) {
            StringBuilder text = new StringBuilder("# written by the conformance kit\n");
            entries.forEach((scope, values) -> values.forEach((key, value) -> {
                String name = key.replace("/", "__");
                if (!scope.isDefault()) {
                    name = "SCOPE_" + scope.name().replace('-', '_').toUpperCase(java.util.Locale.ROOT) + "__" + name;
                }
                text.append("export ")
                        .append(name)
                        .append("=\"")
                        .append(escape(value))
                        .append("\"\n");
            }));
            return counted(made, open(dir.resolve(".env"), text.toString()));
        }

        private String escape(String value) {
            return value.replace("\\", "\\\\")
                    .replace("\"", "\\\"")
                    .replace("$", "\\$")
                    .replace("\n", "\\n");
        }

        @Override
        protected boolean supportsVersions() {
            return false;
        }

        @Override
        protected long backendCallCount() {
            return made.stream().mapToLong(DotenvSecretProvider::fileCheckCount).sum();
        }
    }

    @Nested
    class YamlFormat extends SecretProviderConformanceKit {
        @TempDir
        Path dir;

        /** Every provider this test opened: their file checks are the backend calls. */
        private final List<DotenvSecretProvider> made = new ArrayList<>();

        @Override
        protected SecretProvider newProvider() {
            return seeded(Map.of());
        }

        @Override
        protected SecretProvider seeded(Map<SecretScope, Map<String, String>> entries) {
            StringBuilder text = new StringBuilder("# written by the conformance kit\n");
            StringBuilder scopes = new StringBuilder();
            entries.forEach((scope, values) -> {
                if (scope.isDefault()) {
                    values.forEach((key, value) -> line(text, "", key, value));
                } else if (!values.isEmpty()) {
                    scopes.append("  ").append(scope.name()).append(":\n");
                    values.forEach((key, value) -> line(scopes, "    ", key, value));
                }
            });
            if (scopes.length() > 0) {
                text.append("scopes:\n").append(scopes);
            }
            return counted(made, open(dir.resolve("secrets.local.yaml"), text.toString()));
        }

        /** Flat keys, JSON-style double-quoted scalars (valid YAML). */
        private void line(StringBuilder sb, String indent, String key, String value) {
            sb.append(indent).append('"').append(key).append("\": \"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(c);
                }
            }
            sb.append("\"\n");
        }

        @Override
        protected boolean supportsVersions() {
            return false;
        }

        @Override
        protected long backendCallCount() {
            return made.stream().mapToLong(DotenvSecretProvider::fileCheckCount).sum();
        }
    }

    static SecretProvider counted(List<DotenvSecretProvider> made, SecretProvider p) {
        made.add((DotenvSecretProvider) p);
        return p;
    }

    static SecretProvider open(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SecretProvider p = new DotenvSecretProviderFactory()
                .create(SecretsConfig.of(Map.of("secrets.dotenv.path", file.toString())));
        return p;
    }
}
