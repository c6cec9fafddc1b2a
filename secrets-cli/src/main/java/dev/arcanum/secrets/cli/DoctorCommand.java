package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.DecoratorSettings;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;

@Command(
        name = "doctor",
        description = {
            "Check the settings of the selected provider, then its health.",
            "Every setting is shown with where its value comes from; credentials only as set or unset."
        },
        footerHeading = "%nExample:%n",
        footer = {"  secrets doctor", "  SECRETS_PROVIDER=vault VAULT_ADDR=https://vault:8200 secrets doctor --json"})
final class DoctorCommand extends ProviderCommand {

    DoctorCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        CliConfig config = config();
        String selected = selectedProvider();
        CliConfig.Lookup selection = config.lookup(SecretProviders.PROVIDER.property());
        String selectionSource = selection == null ? "default" : selection.source();
        // Unknown names fail here, with the list of available providers (exit 2).
        SecretProviderFactory factory = SecretProviders.factory(selected);
        List<SettingReport> reports = new ArrayList<>();
        for (Setting s : factory.settings()) {
            reports.add(SettingReport.of(s, config));
        }
        List<SettingReport> common = new ArrayList<>();
        for (Setting s : DecoratorSettings.all()) {
            common.add(SettingReport.of(s, config));
        }

        ObjectNode doc = Json.object();
        ObjectNode provider = doc.putObject("provider");
        provider.put("selected", selected);
        provider.put("name", factory.name());
        provider.put("source", selectionSource);
        doc.set("available", Json.array(SecretProviders.available()));
        ArrayNode settingsJson = doc.putArray("settings");
        reports.forEach(r -> r.toJson(settingsJson.addObject()));
        ArrayNode commonJson = doc.putArray("commonSettings");
        common.forEach(r -> r.toJson(commonJson.addObject()));

        if (!json()) {
            env.out()
                    .println("provider  " + factory.name()
                            + (selected.equalsIgnoreCase(factory.name()) ? "" : " (alias " + selected + ")") + "  ["
                            + selectionSource + "]");
            env.out().println("available " + String.join(", ", SecretProviders.available()));
            env.out().println("settings");
            int width = java.util.stream.Stream.concat(reports.stream(), common.stream())
                    .mapToInt(r -> r.setting.property().length())
                    .max()
                    .orElse(0);
            for (SettingReport r : reports) {
                env.out().println("  " + pad(r.setting.property(), width) + "  " + r.humanLine());
            }
            env.out().println("common (cache, seeding, read-only)");
            for (SettingReport r : common) {
                env.out().println("  " + pad(r.setting.property(), width) + "  " + r.humanLine());
            }
        }

        SecretProviderHealth health;
        try (SecretProvider p = openProvider()) {
            health = p.healthCheck();
        } catch (SecretConfigurationException e) {
            if (json()) {
                doc.putNull("health");
                doc.put("ok", false);
                printJson(doc);
                json(false);
            }
            throw e;
        }
        boolean ok = health.isUsable();
        if (json()) {
            ObjectNode h = doc.putObject("health");
            h.put("status", health.status().name());
            h.put("message", health.message());
            ObjectNode details = h.putObject("details");
            new TreeMap<>(health.details()).forEach((k, v) -> details.put(k, String.valueOf(v)));
            doc.put("ok", ok);
            printJson(doc);
        } else {
            StringBuilder line =
                    new StringBuilder("health    ").append(health.status().name());
            if (!health.message().isEmpty()) {
                line.append("  ").append(ErrorReporter.oneLine(health.message()));
            }
            env.out().println(line);
            for (Map.Entry<String, Object> d : new TreeMap<>(health.details()).entrySet()) {
                env.out().println("  " + d.getKey() + ": " + d.getValue());
            }
        }
        if (!ok) {
            env.err()
                    .println("secrets: provider '" + factory.name() + "' is unavailable: "
                            + ErrorReporter.oneLine(health.message()));
            return ExitCode.UNAVAILABLE;
        }
        return ExitCode.OK;
    }

    /** After the JSON document is printed, the error reporter must not print a second one. */
    private void json(boolean on) {
        common.json = on;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    /** One setting's state, never a credential's value. */
    private static final class SettingReport {
        final Setting setting;
        final String status; // set, default, unset
        final String value; // null for credentials and unset settings
        final String source;

        private SettingReport(Setting setting, String status, String value, String source) {
            this.setting = setting;
            this.status = status;
            this.value = value;
            this.source = source;
        }

        static SettingReport of(Setting s, CliConfig config) {
            CliConfig.Lookup found = config.lookup(s.property());
            if (found == null) {
                for (String variable : s.conventionalVariables()) {
                    found = config.lookup(variable);
                    if (found != null) {
                        break;
                    }
                }
            }
            if (found != null) {
                return new SettingReport(
                        s, "set", s.credential() ? null : found.value().trim(), found.source());
            }
            if (s.defaultValue() != null) {
                return new SettingReport(s, "default", s.credential() ? null : s.defaultValue(), "default");
            }
            return new SettingReport(s, "unset", null, s.required() ? "required" : "optional");
        }

        String humanLine() {
            String shown;
            if (setting.credential()) {
                shown = status.equals("unset") ? "unset" : "set";
            } else {
                shown = value == null ? "unset" : value;
            }
            StringBuilder sb = new StringBuilder(shown).append("  [").append(source);
            if (setting.credential()) {
                sb.append(", credential");
            }
            sb.append("]");
            if (status.equals("unset") && setting.required()) {
                sb.append("  MISSING: ").append(setting.environmentName());
                setting.conventionalVariables().forEach(v -> sb.append(" or ").append(v));
            }
            return sb.toString();
        }

        void toJson(ObjectNode o) {
            o.put("property", setting.property());
            o.put("environment", setting.environmentName());
            o.set("conventionalVariables", Json.array(setting.conventionalVariables()));
            o.put("description", setting.description());
            o.put("required", setting.required());
            o.put("credential", setting.credential());
            o.put("status", setting.credential() && !status.equals("unset") ? "set" : status);
            if (value != null) {
                o.put("value", value);
            } else {
                o.putNull("value");
            }
            o.put("source", source);
        }
    }
}
