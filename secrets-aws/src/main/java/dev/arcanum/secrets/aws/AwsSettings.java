package dev.arcanum.secrets.aws;

import dev.arcanum.secrets.spi.Setting;
import java.util.List;

/**
 * The settings of the {@code aws} provider. Region, profile and credentials come from the AWS SDK's
 * own default chains; these settings only override them or tune the client.
 *
 * <p>Immutable constants; thread-safe.
 */
public final class AwsSettings {
    /** The AWS region; falls back to the SDK's region chain (profile, instance metadata). */
    public static final Setting REGION = Setting.optional(
                    "secrets.aws.region",
                    "AWS region of the Secrets Manager endpoint; unset uses the SDK region chain (profile, instance metadata)")
            .alsoFrom("AWS_REGION");

    /** The named profile for credentials and region. */
    public static final Setting PROFILE = Setting.optional(
                    "secrets.aws.profile",
                    "named profile of ~/.aws/config and ~/.aws/credentials for credentials and region")
            .alsoFrom("AWS_PROFILE");

    /** Endpoint override: LocalStack, a VPC endpoint, a test fake. */
    public static final Setting ENDPOINT = Setting.optional(
                    "secrets.aws.endpoint",
                    "endpoint URL override (VPC endpoint, LocalStack, a test fake); unset uses the regional endpoint")
            .alsoFrom("AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL");

    /** Name prefix every key is stored under. */
    public static final Setting PREFIX = Setting.optional(
            "secrets.aws.prefix",
            "name prefix for every secret: keys are stored as <prefix>/<scope>/<key>; empty by default");

    /** Total attempts per call, first try included, for the SDK's standard retry strategy. */
    public static final Setting MAX_ATTEMPTS = Setting.optional(
            "secrets.aws.max-attempts",
            "attempts per call, first one included, of the SDK's standard retry strategy (1 disables retries)",
            "3");

    /** Deadline of one call including its retries. */
    public static final Setting API_CALL_TIMEOUT =
            Setting.optional("secrets.aws.api-call-timeout", "deadline of one call including the SDK's retries", "30s");

    /** Deadline of one HTTP attempt. */
    public static final Setting API_CALL_ATTEMPT_TIMEOUT =
            Setting.optional("secrets.aws.api-call-attempt-timeout", "deadline of one HTTP attempt", "10s");

    /** TCP connect timeout. */
    public static final Setting CONNECT_TIMEOUT =
            Setting.optional("secrets.aws.connect-timeout", "TCP connect timeout", "2s");

    /** Extra CA certificates (PEM) trusted for the endpoint, on top of the JVM's. */
    public static final Setting CA_BUNDLE = Setting.optional(
                    "secrets.aws.ca-bundle",
                    "PEM file of CA certificates to trust for the endpoint (a TLS-inspecting proxy, a private VPC endpoint);"
                            + " the JVM's trust store is used otherwise; TLS is never switched off")
            .alsoFrom("AWS_CA_BUNDLE");

    /** Recovery window for deletes. */
    public static final Setting RECOVERY_WINDOW_DAYS = Setting.optional(
            "secrets.aws.recovery-window-days",
            "days (7 to 30) a deleted secret can be restored with RestoreSecret before AWS removes it",
            "30");

    /** Deletes without a recovery window. */
    public static final Setting FORCE_DELETE = Setting.optional(
            "secrets.aws.force-delete",
            "true deletes at once without a recovery window (ForceDeleteWithoutRecovery); the value cannot be restored",
            "false");

    /** A secret whose DescribeSecret the health check calls instead of ListSecrets. */
    public static final Setting HEALTH_CANARY = Setting.optional(
            "secrets.aws.health-canary",
            "key the health check describes (DescribeSecret) instead of calling ListSecrets with MaxResults=1");

    /** Every setting, in the order the docs list them. */
    public static final List<Setting> ALL = List.of(
            REGION,
            PROFILE,
            ENDPOINT,
            PREFIX,
            MAX_ATTEMPTS,
            API_CALL_TIMEOUT,
            API_CALL_ATTEMPT_TIMEOUT,
            CONNECT_TIMEOUT,
            CA_BUNDLE,
            RECOVERY_WINDOW_DAYS,
            FORCE_DELETE,
            HEALTH_CANARY);

    private AwsSettings() {}
}
