package dev.arcanum.secrets.infisical;

import static dev.arcanum.secrets.infisical.InfisicalSettings.API_VERSION;
import static dev.arcanum.secrets.infisical.InfisicalSettings.CA_BUNDLE;
import static dev.arcanum.secrets.infisical.InfisicalSettings.CLIENT_ID;
import static dev.arcanum.secrets.infisical.InfisicalSettings.CLIENT_SECRET;
import static dev.arcanum.secrets.infisical.InfisicalSettings.CLOUD_EU;
import static dev.arcanum.secrets.infisical.InfisicalSettings.CLOUD_US;
import static dev.arcanum.secrets.infisical.InfisicalSettings.CONNECT_TIMEOUT;
import static dev.arcanum.secrets.infisical.InfisicalSettings.ENVIRONMENT;
import static dev.arcanum.secrets.infisical.InfisicalSettings.EXPAND_REFERENCES;
import static dev.arcanum.secrets.infisical.InfisicalSettings.INCLUDE_IMPORTS;
import static dev.arcanum.secrets.infisical.InfisicalSettings.MAX_RETRIES;
import static dev.arcanum.secrets.infisical.InfisicalSettings.MAX_RETRY_WAIT;
import static dev.arcanum.secrets.infisical.InfisicalSettings.PROJECT_ID;
import static dev.arcanum.secrets.infisical.InfisicalSettings.REGION;
import static dev.arcanum.secrets.infisical.InfisicalSettings.REQUEST_TIMEOUT;
import static dev.arcanum.secrets.infisical.InfisicalSettings.SECRET_PATH;
import static dev.arcanum.secrets.infisical.InfisicalSettings.SITE_URL;
import static dev.arcanum.secrets.infisical.InfisicalSettings.TOKEN;

import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.spi.SettingsReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** The validated settings of one provider instance. Immutable; {@link #toString()} never shows a credential. */
final class InfisicalConfig {
    static final String SELF_HOST = "infisical_self_host";
    static final String CLOUD = "infisical_cloud";

    /** Infisical's folder-name rule (isValidFolderName): letters, digits, '-' and '_'. */
    static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    enum ApiVersion {
        V3,
        V4
    }

    final String alias;
    final URI site;
    final ApiVersion apiVersion;
    final String clientId;
    final String clientSecret;
    final String token;
    final String projectId;
    final String environment;
    final String basePath;
    final boolean expandReferences;
    final boolean includeImports;
    final Path caBundle;
    final Duration connectTimeout;
    final Duration requestTimeout;
    final int maxRetries;
    final Duration maxRetryWait;

    private InfisicalConfig(Builder b) {
        this.alias = b.alias;
        this.site = b.site;
        this.apiVersion = b.apiVersion;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.token = b.token;
        this.projectId = b.projectId;
        this.environment = b.environment;
        this.basePath = b.basePath;
        this.expandReferences = b.expandReferences;
        this.includeImports = b.includeImports;
        this.caBundle = b.caBundle;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.maxRetryWait = b.maxRetryWait;
    }

    boolean usesUniversalAuth() {
        return token == null;
    }

    /** Who we are, for messages: the client id (never the secret), or "a ready access token". */
    String identity() {
        return usesUniversalAuth()
                ? "machine identity with client id '" + clientId + "'"
                : "the access token set in " + TOKEN.displayName();
    }

    static InfisicalConfig from(SecretsConfig config) {
        String chosen = config.get("secrets.provider");
        String alias = chosen == null ? "infisical" : chosen.trim().toLowerCase(Locale.ROOT);
        SettingsReader r = new SettingsReader(alias, config);
        Builder b = new Builder();
        b.alias = alias;

        String siteText = r.string(SITE_URL);
        String region = r.string(REGION);
        String regionLower = region == null ? "us" : region.toLowerCase(Locale.ROOT);
        if (!regionLower.equals("us") && !regionLower.equals("eu")) {
            r.fail(REGION, "is '" + region + "': expected us or eu");
        }
        if (siteText == null) {
            if (alias.equals(SELF_HOST)) {
                r.fail(
                        SITE_URL,
                        "is required for " + SELF_HOST
                                + ": the URL of your Infisical server, for example https://infisical.example.com");
            } else {
                b.site = URI.create(regionLower.equals("eu") ? CLOUD_EU : CLOUD_US);
            }
        } else {
            b.site = parseSite(r, siteText);
        }

        String version = r.string(API_VERSION);
        switch (version == null ? "v4" : version.toLowerCase(Locale.ROOT)) {
            case "v4":
                b.apiVersion = ApiVersion.V4;
                break;
            case "v3":
                b.apiVersion = ApiVersion.V3;
                break;
            default:
                r.fail(API_VERSION, "is '" + version + "': expected v4 or v3");
        }

        b.clientId = r.string(CLIENT_ID);
        b.clientSecret = r.string(CLIENT_SECRET);
        b.token = r.string(TOKEN);
        if (b.token != null && (b.clientId != null || b.clientSecret != null)) {
            r.fail("Set either " + TOKEN.displayName() + " or the universal-auth pair " + CLIENT_ID.displayName()
                    + " and " + CLIENT_SECRET.displayName() + ", not both");
        } else if (b.token == null) {
            if (b.clientId == null) {
                r.fail(CLIENT_ID.displayName() + " is required (with " + CLIENT_SECRET.displayName() + ") unless "
                        + TOKEN.displayName() + " is set: the machine identity's universal-auth client id");
            }
            if (b.clientSecret == null) {
                r.fail(CLIENT_SECRET.displayName() + " is required (with " + CLIENT_ID.displayName() + ") unless "
                        + TOKEN.displayName() + " is set: the machine identity's universal-auth client secret");
            }
        }

        b.projectId = r.string(PROJECT_ID);
        b.environment = r.string(ENVIRONMENT);
        if (b.environment != null && !b.environment.matches("[A-Za-z0-9_-]+")) {
            r.fail(
                    ENVIRONMENT,
                    "is '" + b.environment + "': expected an environment slug such as dev, staging or prod");
        }
        b.basePath = normalizeBasePath(r, r.string(SECRET_PATH));
        b.expandReferences = Boolean.TRUE.equals(r.bool(EXPAND_REFERENCES));
        b.includeImports = Boolean.TRUE.equals(r.bool(INCLUDE_IMPORTS));
        b.caBundle = r.path(CA_BUNDLE);
        if (b.caBundle != null && !Files.isReadable(b.caBundle)) {
            r.fail(CA_BUNDLE, "is '" + b.caBundle + "': the file does not exist or cannot be read");
        }
        b.connectTimeout = positive(r, CONNECT_TIMEOUT, r.duration(CONNECT_TIMEOUT));
        b.requestTimeout = positive(r, REQUEST_TIMEOUT, r.duration(REQUEST_TIMEOUT));
        Integer retries = r.integer(MAX_RETRIES, 0, 10);
        b.maxRetries = retries == null ? 3 : retries;
        b.maxRetryWait = r.duration(MAX_RETRY_WAIT);
        r.validate();
        return new InfisicalConfig(b);
    }

    private static Duration positive(SettingsReader r, dev.arcanum.secrets.spi.Setting s, Duration d) {
        if (d != null && d.isZero()) {
            r.fail(s, "must be longer than 0");
        }
        return d;
    }

    private static URI parseSite(SettingsReader r, String text) {
        String t = text.trim();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("/api")) {
            t = t.substring(0, t.length() - "/api".length());
        }
        URI u;
        try {
            u = new URI(t);
        } catch (java.net.URISyntaxException e) {
            r.fail(SITE_URL, "is '" + text + "': expected a URL such as https://app.infisical.com");
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            r.fail(SITE_URL, "is '" + text + "': expected a URL such as https://app.infisical.com");
            return null;
        }
        if (u.getQuery() != null || u.getFragment() != null || u.getUserInfo() != null) {
            r.fail(SITE_URL, "is '" + text + "': give the site only, without user, query or fragment");
            return null;
        }
        if (scheme.equals("http") && !isLoopback(u.getHost())) {
            r.fail(
                    SITE_URL,
                    "is '" + text + "': use https; plain http is accepted for a loopback address only"
                            + " (localhost, 127.0.0.1, ::1)");
            return null;
        }
        return u;
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: a name that resolves to loopback today may not tomorrow.
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String normalizeBasePath(SettingsReader r, String text) {
        if (text == null || text.isBlank() || text.trim().equals("/")) {
            return "/";
        }
        String t = text.trim();
        StringBuilder sb = new StringBuilder();
        for (String segment : t.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (!FOLDER_NAME.matcher(segment).matches()) {
                r.fail(
                        SECRET_PATH,
                        "is '" + text + "': Infisical folder names allow only letters, digits, '-' and '_'");
                return "/";
            }
            sb.append('/').append(segment);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    @Override
    public String toString() {
        return "InfisicalConfig{site=" + site + ", api=" + apiVersion + ", project=" + projectId + ", environment="
                + environment + ", basePath=" + basePath + ", auth="
                + (usesUniversalAuth() ? "universal-auth client id " + clientId : "access token") + "}";
    }

    static final class Builder {
        String alias = "infisical";
        URI site;
        ApiVersion apiVersion = ApiVersion.V4;
        String clientId;
        String clientSecret;
        String token;
        String projectId;
        String environment = "dev";
        String basePath = "/";
        boolean expandReferences;
        boolean includeImports;
        Path caBundle;
        Duration connectTimeout = Duration.ofSeconds(5);
        Duration requestTimeout = Duration.ofSeconds(30);
        int maxRetries = 3;
        Duration maxRetryWait = Duration.ofSeconds(60);
    }
}
