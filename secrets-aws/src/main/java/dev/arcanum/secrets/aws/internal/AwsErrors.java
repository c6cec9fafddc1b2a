package dev.arcanum.secrets.aws.internal;

import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions into the library's typed exceptions. Messages name the key, the AWS name,
 * the operation, the AWS error code and the HTTP status; never a value or a credential. Thread-safe.
 */
public final class AwsErrors {
    private static final Set<String> DENIED = Set.of(
            "AccessDeniedException",
            "AccessDenied",
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "MissingAuthenticationToken",
            "MissingAuthenticationTokenException",
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
            "IncompleteSignature",
            "ExpiredTokenException",
            "ExpiredToken",
            "NotAuthorized");

    private static final Set<String> THROTTLED =
            Set.of("ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded");

    private final String region;
    private final String credentialSource;
    private final int maxAttempts;

    /**
     * @param region the region, for messages
     * @param credentialSource where credentials come from, for hints (never the keys)
     * @param maxAttempts the retry budget, for messages
     */
    public AwsErrors(String region, String credentialSource, int maxAttempts) {
        this.region = region;
        this.credentialSource = credentialSource;
        this.maxAttempts = maxAttempts;
    }

    /**
     * @return where credentials come from
     */
    public String credentialSource() {
        return credentialSource;
    }

    /**
     * @param e an SDK exception
     * @return the AWS error code, or null for client-side failures
     */
    public static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode();
        }
        return null;
    }

    /**
     * @param e an SDK exception
     * @return true for throttling, whatever its spelling
     */
    public static boolean isThrottling(SdkException e) {
        String code = errorCode(e);
        return code != null && THROTTLED.contains(code)
                || e instanceof AwsServiceException ase && ase.isThrottlingException();
    }

    /**
     * @param code an AWS error code
     * @param message the AWS message, or null
     * @return true when the code and message say the secret is scheduled for deletion
     */
    public static boolean isScheduledForDeletion(String code, String message) {
        if (!"InvalidRequestException".equals(code) || message == null) {
            return false;
        }
        // AWS has no dedicated code for this state; the message is the only signal
        // ("...because it was marked for deletion.", "...already scheduled for deletion.", "...currently marked
        // deleted.").
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("marked for deletion")
                || m.contains("scheduled for deletion")
                || m.contains("marked deleted");
    }

    /**
     * Maps an SDK exception of one call.
     *
     * @param e the exception
     * @param operation the AWS operation, for example {@code GetSecretValue}
     * @param key the key as the caller wrote it
     * @param awsId the {@code SecretId} sent
     * @return the exception to throw
     */
    public SecretException map(SdkException e, String operation, String key, String awsId) {
        if (e instanceof AwsServiceException ase) {
            String code = errorCode(e);
            String awsMessage =
                    ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorMessage();
            return mapCode(code, awsMessage, ase.statusCode(), operation, key, awsId, e);
        }
        if (e instanceof SdkClientException) {
            return unreachable(e, operation, key);
        }
        return new SecretException(
                "AWS Secrets Manager " + operation + " of '" + key + "' failed: " + firstLine(e.getMessage()), e);
    }

    /**
     * Maps an error code reported without an exception (a {@code BatchGetSecretValue} {@code Errors} entry).
     *
     * @param code the {@code ErrorCode}
     * @param awsMessage the {@code Message}, or null
     * @param status the HTTP status to report, or 0
     * @param operation the AWS operation
     * @param key the key as the caller wrote it
     * @param awsId the {@code SecretId}
     * @param cause the SDK exception, or null
     * @return the exception to throw
     */
    public SecretException mapCode(
            String code, String awsMessage, int status, String operation, String key, String awsId, Throwable cause) {
        String where = "'" + key + "'" + (awsId.equals(key) ? "" : " (AWS name '" + awsId + "')");
        String detail = describe(code, status, awsMessage);
        if ("ResourceNotFoundException".equals(code)) {
            return new SecretNotFoundException(
                    "Secret " + where + " not found in AWS Secrets Manager (region " + region + ")", cause);
        }
        if (isScheduledForDeletion(code, awsMessage)) {
            return new SecretNotFoundException(
                    "Secret " + where
                            + " is scheduled for deletion in AWS Secrets Manager (region " + region
                            + "); restore it with 'aws secretsmanager restore-secret --secret-id " + awsId
                            + "' or write a new value (put restores it)",
                    cause);
        }
        if ("DecryptionFailure".equals(code)) {
            return new SecretAccessDeniedException(
                    "AWS Secrets Manager could not decrypt secret " + where + " ("
                            + detail
                            + "): the caller needs kms:Decrypt on the secret's KMS key and the key must be enabled;"
                            + " check the key policy and the secret's KmsKeyId",
                    cause);
        }
        if ("EncryptionFailure".equals(code)) {
            return new SecretAccessDeniedException(
                    "AWS Secrets Manager could not encrypt secret " + where + " ("
                            + detail
                            + "): the caller needs kms:GenerateDataKey on the secret's KMS key and the key must be"
                            + " enabled",
                    cause);
        }
        if (code != null && DENIED.contains(code) || status == 401 || status == 403) {
            return new SecretAccessDeniedException(
                    "Access denied: " + operation + " of secret " + where + " ("
                            + detail + "); grant secretsmanager:" + operation + " on the secret to the principal of "
                            + credentialSource + " (see docs/providers/aws.md, IAM policies)",
                    cause);
        }
        if (code != null && THROTTLED.contains(code)) {
            return new SecretProviderUnavailableException(
                    "AWS Secrets Manager throttled " + operation + " of "
                            + where + " (" + detail + ") after " + maxAttempts
                            + " attempt(s); lower the call rate (a cache TTL) or raise secrets.aws.max-attempts",
                    cause);
        }
        if (status >= 500
                || "InternalServiceError".equals(code)
                || "InternalFailure".equals(code)
                || "ServiceUnavailable".equals(code)) {
            return new SecretProviderUnavailableException(
                    "AWS Secrets Manager failed " + operation + " of " + where + " (" + detail + ") after "
                            + maxAttempts + " attempt(s); try again later",
                    cause);
        }
        return new SecretException(
                "AWS Secrets Manager rejected " + operation + " of " + where + " (" + detail + ")", cause);
    }

    private SecretException unreachable(SdkException e, String operation, String key) {
        String msg = firstLine(e.getMessage());
        if (msg.contains("credentials") || msg.contains("Credentials")) {
            return new SecretProviderUnavailableException(
                    "AWS Secrets Manager " + operation + " of '" + key
                            + "': no usable AWS credentials from " + credentialSource
                            + "; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a role",
                    e);
        }
        return new SecretProviderUnavailableException(
                "AWS Secrets Manager " + operation + " of '" + key + "' failed without an answer (region " + region
                        + "): " + msg,
                e);
    }

    private static String describe(String code, int status, String awsMessage) {
        StringBuilder sb = new StringBuilder(code == null ? "no error code" : code);
        if (status > 0) {
            sb.append(", HTTP ").append(status);
        }
        if (awsMessage != null && !awsMessage.isBlank()) {
            // AWS messages name principals, actions and resources, never secret values.
            sb.append(": ").append(awsMessage.length() > 300 ? awsMessage.substring(0, 300) + "…" : awsMessage);
        }
        return sb.toString();
    }

    /**
     * @param message a message, possibly null or multi-line
     * @return its first line, never null
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
