package dev.arcanum.secrets.infisical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access token: a universal-auth login ({@code POST /api/v1/auth/universal-auth/login}), kept
 * and renewed ({@code POST /api/v1/auth/token/renew}) before {@code expiresIn} runs out, and
 * replaced by a fresh login when renewal is refused, the token has already expired, or the
 * identity's {@code accessTokenMaxTTL} is reached. A ready token ({@code INFISICAL_TOKEN}) is used
 * as given and never renewed.
 *
 * <p>Thread-safe: one login or renewal at a time; callers wait for it. Time comes from the injected
 * {@link Clock}.
 */
final class InfisicalTokens {
    private static final Logger LOG = LoggerFactory.getLogger(InfisicalTokens.class);

    /** Renew when this share of the token's lifetime has passed. */
    private static final double RENEW_AT = 0.8;

    static final String LOGIN_PATH = "/api/v1/auth/universal-auth/login";
    static final String RENEW_PATH = "/api/v1/auth/token/renew";

    private final InfisicalConfig config;
    private final InfisicalTransport transport;
    private final Clock clock;

    private String accessToken;
    private Instant renewAt;
    private Instant expiresAt;
    private Instant maxExpiresAt;

    InfisicalTokens(InfisicalConfig config, InfisicalTransport transport, Clock clock) {
        this.config = config;
        this.transport = transport;
        this.clock = clock;
    }

    boolean canLogIn() {
        return config.usesUniversalAuth();
    }

    /** @return a token valid now, logging in or renewing first when needed */
    synchronized String token() {
        if (!config.usesUniversalAuth()) {
            return config.token;
        }
        Instant now = clock.instant();
        if (accessToken == null || (expiresAt != null && !now.isBefore(expiresAt))) {
            login();
        } else if (maxExpiresAt != null && !now.isBefore(maxExpiresAt)) {
            login();
        } else if (renewAt != null && !now.isBefore(renewAt)) {
            renew(now);
        }
        return accessToken;
    }

    /** Forgets the token if it is still the one that was refused, so the next call logs in. */
    synchronized void invalidate(String refused) {
        if (refused != null && refused.equals(accessToken)) {
            accessToken = null;
        }
    }

    private void login() {
        ObjectNode body = InfisicalTransport.JSON.createObjectNode();
        body.put("clientId", config.clientId);
        body.put("clientSecret", config.clientSecret);
        ApiResponse r = transport.callWithoutToken("POST", LOGIN_PATH, body);
        if (!r.ok()) {
            accessToken = null;
            String what = "Infisical universal-auth login at " + config.site + " failed for the " + config.identity()
                    + ": " + r.describe();
            if (r.status() == 401 || r.status() == 403) {
                throw new SecretAccessDeniedException(what + ". Check "
                        + InfisicalSettings.CLIENT_ID.displayName() + " and "
                        + InfisicalSettings.CLIENT_SECRET.displayName()
                        + ", and that universal auth is attached to the identity");
            }
            throw new SecretProviderUnavailableException(what);
        }
        Instant now = clock.instant();
        accept(r.json(), now);
        JsonNode maxTtl = r.json().get("accessTokenMaxTTL");
        long max = maxTtl == null ? 0 : maxTtl.asLong(0);
        maxExpiresAt = max > 0 ? now.plusSeconds(max) : null;
        LOG.debug("Infisical universal-auth login succeeded for client id {}", config.clientId);
    }

    private void renew(Instant now) {
        ObjectNode body = InfisicalTransport.JSON.createObjectNode();
        body.put("accessToken", accessToken);
        ApiResponse r;
        try {
            r = transport.callWithoutToken("POST", RENEW_PATH, body);
        } catch (SecretProviderUnavailableException e) {
            // The current token is still valid (checked by the caller): keep using it, renew next time.
            LOG.debug("Infisical token renewal could not reach the site; keeping the current token until it expires");
            return;
        }
        if (!r.ok()) {
            // Renewal refused (TTL or max TTL reached, token revoked, non-renewable): log in afresh.
            LOG.debug("Infisical refused to renew the access token ({}); logging in again", r.status());
            login();
            return;
        }
        accept(r.json(), now);
    }

    private void accept(JsonNode json, Instant now) {
        JsonNode token = json == null ? null : json.get("accessToken");
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            accessToken = null;
            throw new SecretProviderUnavailableException(
                    "Infisical at " + config.site + " answered the login without an accessToken");
        }
        accessToken = token.asText();
        long ttl = json.path("expiresIn").asLong(0);
        if (ttl > 0) {
            expiresAt = now.plusSeconds(ttl);
            renewAt = now.plus(Duration.ofMillis((long) (ttl * 1000 * RENEW_AT)));
        } else {
            // expiresIn 0: the identity's tokens do not expire by time.
            expiresAt = null;
            renewAt = null;
        }
    }
}
