package dev.arcanum.secrets.infisical;

import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.infisical.fake.InfisicalFake;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Builds providers against a fake with an injected clock and sleeper. */
final class InfisicalTestSupport {
    private InfisicalTestSupport() {}

    static Map<String, String> settings(InfisicalFake fake, String apiVersion) {
        Map<String, String> s = new HashMap<>();
        s.put("secrets.provider", "infisical");
        // The CLI writes the site with its /api suffix; the provider accepts both spellings.
        s.put("INFISICAL_API_URL", fake.siteUrl() + "/api");
        s.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", fake.clientId());
        s.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", fake.clientSecret());
        s.put("INFISICAL_PROJECT_ID", fake.projectId());
        s.put("secrets.infisical.api-version", apiVersion);
        return s;
    }

    static InfisicalSecretProvider provider(Map<String, String> settings, Clock clock, Sleeper sleeper) {
        return InfisicalSecretProviderFactory.create(SecretsConfig.of(settings), clock, sleeper);
    }
}
