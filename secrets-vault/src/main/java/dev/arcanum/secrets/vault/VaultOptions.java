package dev.arcanum.secrets.vault;

import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.spi.Setting;
import dev.arcanum.secrets.spi.SettingsReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Vault provider's settings, read and validated once; every failure reported together. */
final class VaultOptions {
    private static final Logger LOG = LoggerFactory.getLogger(VaultOptions.class);
    static final String DEV_ADDRESS = "http://127.0.0.1:8200";
    static final String HCP_NAMESPACE = "admin";
    private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

    enum AuthMethod {
        TOKEN,
        APPROLE,
        KUBERNETES
    }

    final String providerName;
    final URI address;
    final String namespace;
    final AuthMethod authMethod;
    final String authMount;
    final String token;
    final Path tokenFile;
    final String roleId;
    final String secretId;
    final Path secretIdFile;
    final String kubernetesRole;
    final Path jwtFile;
    final Path caCert;
    final Path clientCert;
    final Path clientKey;
    final String kvMount;
    final int kvVersion;
    final String transitMount;
    final Duration connectTimeout;
    final Duration requestTimeout;
    final int maxInFlight;
    final int maxAttempts;
    final Duration initialBackoff;
    final Duration maxBackoff;
    final HttpClient.Version httpVersion;
    final SecretsConfig config;

    private VaultOptions(String providerName, SecretsConfig config) {
        this.providerName = providerName;
        this.config = config;
        SettingsReader r = new SettingsReader(providerName, config);
        boolean dev = providerName.equals("vault_dev");
        boolean hcp = providerName.equals("vault_hcp");

        Setting addressSetting = dev ? VaultSettings.ADDRESS.withDefault(DEV_ADDRESS) : VaultSettings.ADDRESS;
        URI a = r.uri(addressSetting);
        if (a != null) {
            String scheme = a.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                r.fail(addressSetting, "is '" + a + "': expected an http:// or https:// URL");
            } else if (hcp && !scheme.equals("https")) {
                r.fail(addressSetting, "is '" + a + "': HCP Vault is served over https only");
            }
        }
        this.address = a;
        if (dev && a != null && !isLoopback(a.getHost())) {
            LOG.warn(
                    "Provider 'vault_dev' is pointed at {}, which is not a loopback address; use 'vault' for a"
                            + " shared Vault",
                    a.getHost());
        }

        String ns = r.string(hcp ? VaultSettings.NAMESPACE.withDefault(HCP_NAMESPACE) : VaultSettings.NAMESPACE);
        if (ns != null) {
            ns = strip(ns);
            if (!ns.isEmpty() && !MOUNT.matcher(ns).matches()) {
                r.fail(VaultSettings.NAMESPACE, "is '" + ns + "': expected names such as admin or admin/team-a");
            }
        }
        this.namespace = ns == null || ns.isEmpty() ? null : ns;

        String method = r.string(VaultSettings.AUTH_METHOD);
        AuthMethod m = AuthMethod.TOKEN;
        switch (method.toLowerCase(Locale.ROOT)) {
            case "token":
                break;
            case "approle":
                m = AuthMethod.APPROLE;
                break;
            case "kubernetes":
                m = AuthMethod.KUBERNETES;
                break;
            default:
                r.fail(VaultSettings.AUTH_METHOD, "is '" + method + "': expected token, approle or kubernetes");
        }
        this.authMethod = m;
        String mount = r.string(VaultSettings.AUTH_MOUNT);
        this.authMount = mount == null ? m.name().toLowerCase(Locale.ROOT) : mount(r, VaultSettings.AUTH_MOUNT, mount);

        this.token = r.string(VaultSettings.TOKEN);
        this.tokenFile = r.path(VaultSettings.TOKEN_FILE);
        this.roleId = r.string(VaultSettings.APPROLE_ROLE_ID);
        this.secretId = r.string(VaultSettings.APPROLE_SECRET_ID);
        this.secretIdFile = r.path(VaultSettings.APPROLE_SECRET_ID_FILE);
        this.kubernetesRole = r.string(VaultSettings.KUBERNETES_ROLE);
        this.jwtFile = r.path(VaultSettings.KUBERNETES_JWT_FILE);
        switch (m) {
            case TOKEN:
                if (token == null && tokenFile == null) {
                    r.fail(VaultSettings.TOKEN.displayName() + " or " + VaultSettings.TOKEN_FILE.displayName()
                            + " is required for token auth");
                }
                break;
            case APPROLE:
                if (roleId == null) {
                    r.fail(VaultSettings.APPROLE_ROLE_ID, "is required for auth-method approle");
                }
                if (secretId == null && secretIdFile == null) {
                    r.fail(VaultSettings.APPROLE_SECRET_ID.displayName() + " or "
                            + VaultSettings.APPROLE_SECRET_ID_FILE.displayName()
                            + " is required for auth-method approle");
                }
                break;
            default:
                if (kubernetesRole == null) {
                    r.fail(VaultSettings.KUBERNETES_ROLE, "is required for auth-method kubernetes");
                }
        }

        this.caCert = r.path(VaultSettings.CA_CERT);
        this.clientCert = r.path(VaultSettings.CLIENT_CERT);
        this.clientKey = r.path(VaultSettings.CLIENT_KEY);
        if ((clientCert == null) != (clientKey == null)) {
            r.fail(VaultSettings.CLIENT_CERT.displayName() + " and " + VaultSettings.CLIENT_KEY.displayName()
                    + " must be set together");
        }

        this.kvMount = mount(r, VaultSettings.KV_MOUNT, r.string(VaultSettings.KV_MOUNT));
        Integer v = r.integer(VaultSettings.KV_VERSION, 1, 2);
        this.kvVersion = v == null ? 2 : v;
        this.transitMount = mount(r, VaultSettings.TRANSIT_MOUNT, r.string(VaultSettings.TRANSIT_MOUNT));

        this.connectTimeout = positive(r, VaultSettings.CONNECT_TIMEOUT, Duration.ofSeconds(5));
        this.requestTimeout = positive(r, VaultSettings.REQUEST_TIMEOUT, Duration.ofSeconds(30));
        Integer inFlight = r.integer(VaultSettings.MAX_IN_FLIGHT, 1, 256);
        this.maxInFlight = inFlight == null ? 8 : inFlight;
        Integer attempts = r.integer(VaultSettings.RETRY_MAX_ATTEMPTS, 1, 10);
        this.maxAttempts = attempts == null ? 3 : attempts;
        Duration initial = r.duration(VaultSettings.RETRY_INITIAL_BACKOFF);
        this.initialBackoff = initial == null ? Duration.ofMillis(250) : initial;
        Duration max = r.duration(VaultSettings.RETRY_MAX_BACKOFF);
        this.maxBackoff = max == null ? Duration.ofSeconds(10) : max;
        if (initial != null && max != null && initialBackoff.compareTo(maxBackoff) > 0) {
            r.fail(VaultSettings.RETRY_INITIAL_BACKOFF.displayName() + " must not exceed "
                    + VaultSettings.RETRY_MAX_BACKOFF.displayName());
        }

        String hv = r.string(VaultSettings.HTTP_VERSION).toLowerCase(Locale.ROOT);
        HttpClient.Version version = null;
        switch (hv) {
            case "auto":
                boolean tls = a != null && "https".equalsIgnoreCase(a.getScheme());
                // Over cleartext the JDK would try an h2c upgrade, which proxies in front of Vault often mishandle.
                version = tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
                break;
            case "http1.1":
                version = HttpClient.Version.HTTP_1_1;
                break;
            case "http2":
                version = HttpClient.Version.HTTP_2;
                break;
            default:
                r.fail(VaultSettings.HTTP_VERSION, "is '" + hv + "': expected auto, http1.1 or http2");
        }
        this.httpVersion = version;

        String mode = r.string(VaultSettings.TRANSIT_MODE);
        if (!mode.equalsIgnoreCase("hmac") && !mode.equalsIgnoreCase("sign")) {
            r.fail(VaultSettings.TRANSIT_MODE, "is '" + mode + "': expected hmac or sign");
        }
        String transitKey = r.string(VaultSettings.TRANSIT_KEY);
        if (transitKey != null && !MOUNT.matcher(transitKey).matches()) {
            r.fail(VaultSettings.TRANSIT_KEY, "is '" + transitKey + "': expected a Transit key name");
        }
        r.validate();
    }

    static VaultOptions from(String providerName, SecretsConfig config) {
        return new VaultOptions(providerName, config);
    }

    private static String mount(SettingsReader r, Setting s, String value) {
        String m = strip(value);
        if (!MOUNT.matcher(m).matches()) {
            r.fail(s, "is '" + value + "': expected a mount path such as secret or team/kv");
        }
        return m;
    }

    private static String strip(String v) {
        String s = v.trim();
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static Duration positive(SettingsReader r, Setting s, Duration fallback) {
        Duration d = r.duration(s);
        if (d == null) {
            return fallback;
        }
        if (d.isZero()) {
            r.fail(s, "must be longer than zero");
            return fallback;
        }
        return d;
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses are checked: a name is not resolved here (the factory does no I/O).
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Per-purpose Transit key, else the default one, else null (HMAC over KV). */
    String transitKey(String purpose) {
        String k = config.get("secrets.vault.transit.key." + purpose);
        if (k == null || k.isBlank()) {
            k = VaultSettings.TRANSIT_KEY.rawValue(config);
        }
        return k == null || k.isBlank() ? null : k.trim();
    }

    /** Per-purpose Transit mode, else the default one. */
    String transitMode(String purpose) {
        String m = config.get("secrets.vault.transit.mode." + purpose);
        if (m == null || m.isBlank()) {
            m = VaultSettings.TRANSIT_MODE.rawValue(config);
        }
        return m.trim().toLowerCase(Locale.ROOT);
    }

    static boolean validName(String name) {
        return MOUNT.matcher(name).matches();
    }

    @Override
    public String toString() {
        // Credentials are left out on purpose.
        return "VaultOptions{provider=" + providerName + ", address=" + address + ", namespace=" + namespace + ", auth="
                + authMethod + ", kv=" + kvMount + " v" + kvVersion + "}";
    }
}
