package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.local.DotenvParser;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "onboard",
        description = {
            "Set up a backend: choose one of the discovered providers, answer exactly its settings (credentials",
            "with hidden input), validate them by building the provider, run its health check, and write a .env",
            "snippet. Credentials are left as placeholders unless --include-credentials. An existing file is",
            "never overwritten without --force.",
            "Non-interactive: --non-interactive --answers-file F, where F is a .env/properties file whose names",
            "are settings in either spelling (SECRETS_VAULT_ADDRESS, secrets.vault.address) or the backend's",
            "conventional variables (VAULT_ADDR), plus SECRETS_PROVIDER unless --provider is given.",
            "The snippet is written when the settings are valid; if the health check then fails, onboard still",
            "exits 3 (use --skip-health-check where the backend is unreachable from here)."
        },
        footerHeading = "%nExample:%n",
        footer = {
            "  secrets onboard",
            "  secrets onboard --provider vault --non-interactive --answers-file answers.env --output .env.secrets"
        })
final class OnboardCommand extends ProviderCommand {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@,+=%~-]*");

    @Option(names = "--non-interactive", description = "Never prompt; every answer comes from --answers-file.")
    boolean nonInteractive;

    @Option(names = "--answers-file", paramLabel = "FILE", description = "Answers as NAME=VALUE lines.")
    String answersFile;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            defaultValue = ".env.secrets",
            description = "Where to write the snippet; '-' for stdout (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--force", description = "Overwrite the output file if it exists.")
    boolean force;

    @Option(names = "--include-credentials", description = "Write credential values into the snippet (mode 600).")
    boolean includeCredentials;

    @Option(names = "--skip-health-check", description = "Validate the settings but do not contact the backend.")
    boolean skipHealthCheck;

    OnboardCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        boolean interactive = !nonInteractive && env.interactive();
        Path out = output.equals("-") ? null : env.resolve(output);
        if (out != null && Files.exists(out) && !force) {
            throw new CommandFailedException(
                    ExitCode.USAGE,
                    output + " exists; pass --force to overwrite it or --output to choose another file");
        }
        Map<String, String> answers = readAnswers();

        SecretProviderFactory factory = chooseBackend(answers, interactive);
        List<Setting> settings = factory.settings();
        warnUnknownAnswers(factory, answers);

        Map<Setting, String> chosen = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Setting s : settings) {
            String v = answerFor(s, answers);
            if (v == null && interactive) {
                v = ask(s);
            }
            if (v != null) {
                chosen.put(s, v);
            } else if (s.required() && s.defaultValue() == null) {
                missing.add(describeMissing(s));
            }
        }
        if (!missing.isEmpty()) {
            throw new CommandFailedException(
                    ExitCode.USAGE,
                    "missing answers for provider '" + factory.name() + "': " + String.join("; ", missing));
        }

        Map<String, String> values = new LinkedHashMap<>();
        values.put(SecretProviders.PROVIDER.property(), factory.name());
        chosen.forEach((s, v) -> values.put(s.property(), v));
        SecretProviderHealth health;
        try (SecretProvider p = SecretProviders.builder()
                .config(validationConfig(factory, values))
                .build()) {
            health = skipHealthCheck ? null : p.healthCheck();
        } catch (SecretProviderUnavailableException e) {
            health = skipHealthCheck ? null : SecretProviderHealth.unavailable(e.getMessage(), Map.of());
        } catch (SecretConfigurationException e) {
            throw new SecretConfigurationException("the answers are not valid, nothing was written: " + e.getMessage());
        }

        String snippet = snippet(factory, chosen);
        if (out == null) {
            if (!json()) {
                env.out().print(snippet);
            }
        } else {
            write(out, snippet);
        }
        boolean healthy = health == null || health.isUsable();

        if (json()) {
            ObjectNode o = Json.object();
            o.put("provider", factory.name());
            o.put("output", output);
            o.put("written", true);
            o.put("includeCredentials", includeCredentials);
            ArrayNode arr = o.putArray("settings");
            for (Setting s : settings) {
                ObjectNode so = arr.addObject();
                so.put("property", s.property());
                so.put("environment", s.environmentName());
                so.put("credential", s.credential());
                so.put("source", chosen.containsKey(s) ? "answer" : s.defaultValue() != null ? "default" : "unset");
            }
            if (health == null) {
                o.putNull("health");
            } else {
                ObjectNode h = o.putObject("health");
                h.put("status", health.status().name());
                h.put("message", health.message());
            }
            if (out == null) {
                o.put("snippet", snippet);
            }
            o.put("ok", healthy);
            printJson(o);
        } else if (out != null) {
            say("wrote " + output + " for provider '" + factory.name() + "'"
                    + (includeCredentials ? " (with credentials: keep it private)" : ""));
        }
        if (health != null) {
            String line = "health " + health.status().name()
                    + (health.message().isEmpty() ? "" : ": " + ErrorReporter.oneLine(health.message()));
            if (healthy) {
                if (!json()) {
                    env.err().println("secrets: " + line);
                }
            } else {
                env.err()
                        .println("secrets: " + line + " (the snippet was written; check the address and"
                                + " credentials, then run 'secrets doctor')");
                return ExitCode.UNAVAILABLE;
            }
        }
        return ExitCode.OK;
    }

    /**
     * Exactly the answers, validated where the snippet will be used: the machine facts that defaults
     * derive from (user.home, user.dir, XDG_* and the like) stay, but no setting of this process —
     * no SECRETS_* and none of the backend's conventional variables — leaks into the check.
     */
    private CliConfig validationConfig(SecretProviderFactory factory, Map<String, String> values) {
        Set<String> conventional = new TreeSet<>();
        factory.settings().forEach(s -> s.conventionalVariables()
                .forEach(v -> conventional.add(SecretsConfig.environmentName(v))));
        Map<String, String> environment = new LinkedHashMap<>();
        env.environment().forEach((k, v) -> {
            if (!k.startsWith("SECRETS_") && !conventional.contains(k)) {
                environment.put(k, v);
            }
        });
        Map<String, String> systemProperties = new LinkedHashMap<>();
        env.systemProperties().forEach((k, v) -> {
            if (!k.startsWith("secrets.") && !k.startsWith("SECRETS_") && !conventional.contains(k)) {
                systemProperties.put(k, v);
            }
        });
        return new CliConfig(values, systemProperties, environment);
    }

    private Map<String, String> readAnswers() {
        if (answersFile == null) {
            return Map.of();
        }
        String text = new String(Input.readFile(env.resolve(answersFile), answersFile), StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        try {
            DotenvParser.parse(text, answersFile)
                    .forEach(e -> out.put(SecretsConfig.environmentName(e.name()), e.value()));
        } catch (DotenvParser.DotenvSyntaxException e) {
            throw new CommandFailedException(ExitCode.USAGE, e.getMessage());
        }
        return out;
    }

    private SecretProviderFactory chooseBackend(Map<String, String> answers, boolean interactive) {
        String name = common.provider;
        if (name == null) {
            name = answers.get(SecretProviders.PROVIDER.environmentName());
        }
        if (name != null) {
            return SecretProviders.factory(name);
        }
        List<SecretProviderFactory> factories = new ArrayList<>(SecretProviders.factories());
        factories.sort((a, b) -> a.name().compareTo(b.name()));
        if (!interactive) {
            throw new CommandFailedException(
                    ExitCode.USAGE,
                    "missing answers: " + SecretProviders.PROVIDER.environmentName() + " (which backend: "
                            + String.join(", ", names(factories)) + ")");
        }
        env.err().println("Backends on the class path:");
        for (int i = 0; i < factories.size(); i++) {
            SecretProviderFactory f = factories.get(i);
            env.err()
                    .println("  " + (i + 1) + ") " + f.name()
                            + (f.aliases().isEmpty()
                                    ? ""
                                    : " (aliases: " + String.join(", ", new TreeSet<>(f.aliases())) + ")"));
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            String answer = env.terminal().readLine("Backend [1-" + factories.size() + " or name]: ");
            if (answer == null) {
                break;
            }
            String a = answer.strip();
            if (a.matches("\\d+")) {
                int n = Integer.parseInt(a);
                if (n >= 1 && n <= factories.size()) {
                    return factories.get(n - 1);
                }
            } else if (!a.isEmpty()) {
                try {
                    return SecretProviders.factory(a);
                } catch (SecretConfigurationException e) {
                    env.err().println("secrets: " + ErrorReporter.oneLine(e.getMessage()));
                }
            }
        }
        throw new CommandFailedException(ExitCode.USAGE, "no backend chosen");
    }

    private static List<String> names(List<SecretProviderFactory> factories) {
        return factories.stream().map(SecretProviderFactory::name).toList();
    }

    private static String answerFor(Setting s, Map<String, String> answers) {
        String v = answers.get(s.environmentName());
        if (v == null) {
            for (String variable : s.conventionalVariables()) {
                v = answers.get(SecretsConfig.environmentName(variable));
                if (v != null) {
                    break;
                }
            }
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    private void warnUnknownAnswers(SecretProviderFactory factory, Map<String, String> answers) {
        Set<String> known = new TreeSet<>();
        known.add(SecretProviders.PROVIDER.environmentName());
        for (Setting s : factory.settings()) {
            known.add(s.environmentName());
            s.conventionalVariables().forEach(v -> known.add(SecretsConfig.environmentName(v)));
        }
        for (String name : answers.keySet()) {
            if (!known.contains(name)) {
                warn(answersFile + ": " + name + " is not a setting of provider '" + factory.name() + "'; ignored");
            }
        }
    }

    private String ask(Setting s) {
        StringBuilder prompt = new StringBuilder(s.property()).append(" — ").append(s.description());
        if (s.defaultValue() != null && !s.credential()) {
            prompt.append(" [").append(s.defaultValue()).append("]");
        } else if (!s.required()) {
            prompt.append(" [optional]");
        }
        prompt.append(": ");
        for (int attempt = 0; attempt < 3; attempt++) {
            String v;
            if (s.credential()) {
                char[] typed = env.terminal().readHidden(prompt.toString());
                if (typed == null) {
                    return null;
                }
                v = new String(typed);
                Arrays.fill(typed, '\0');
            } else {
                v = env.terminal().readLine(prompt.toString());
                if (v == null) {
                    return null;
                }
            }
            if (!v.isBlank()) {
                return v.strip();
            }
            if (!s.required() || s.defaultValue() != null) {
                return null;
            }
            env.err().println("secrets: " + s.property() + " is required");
        }
        return null;
    }

    private static String describeMissing(Setting s) {
        StringBuilder sb = new StringBuilder(s.environmentName());
        s.conventionalVariables().forEach(v -> sb.append(" or ").append(v));
        return sb.append(" (").append(s.description()).append(')').toString();
    }

    private String snippet(SecretProviderFactory factory, Map<Setting, String> chosen) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Arcanum Secrets: settings for the '")
                .append(factory.name())
                .append("' backend, written by 'secrets onboard'.\n");
        sb.append(SecretProviders.PROVIDER.environmentName())
                .append('=')
                .append(factory.name())
                .append('\n');
        for (Setting s : factory.settings()) {
            String v = chosen.get(s);
            sb.append("# ").append(s.description());
            if (s.credential()) {
                sb.append(" (credential)");
            }
            sb.append('\n');
            if (v == null) {
                sb.append("# ")
                        .append(s.environmentName())
                        .append('=')
                        .append(s.defaultValue() == null || s.credential() ? "" : quote(s.defaultValue()))
                        .append(s.defaultValue() == null ? "" : "  # default")
                        .append('\n');
            } else if (s.credential() && !includeCredentials) {
                sb.append("# ")
                        .append(s.environmentName())
                        .append("=<set in the environment, or rerun onboard with --include-credentials>\n");
            } else {
                sb.append(s.environmentName()).append('=').append(quote(v)).append('\n');
            }
        }
        return sb.toString();
    }

    static String quote(String v) {
        if (PLAIN.matcher(v).matches()) {
            return v;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"':
                case '\\':
                case '$':
                    sb.append('\\').append(c);
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private void write(Path out, String snippet) {
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            if (force) {
                Files.deleteIfExists(out);
            }
            boolean posix = out.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (includeCredentials && posix) {
                Files.createFile(
                        out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(out);
            }
            Files.writeString(out, snippet, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailedException(ExitCode.USAGE, output + " exists; pass --force to overwrite it");
        } catch (IOException e) {
            throw new CommandFailedException(
                    ExitCode.USAGE,
                    "cannot write " + output + ": " + e.getClass().getSimpleName());
        }
    }
}
