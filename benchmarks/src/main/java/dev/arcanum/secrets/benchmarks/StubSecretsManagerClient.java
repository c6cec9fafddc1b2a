package dev.arcanum.secrets.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * An in-process {@link SecretsManagerClient}: answers the two calls the AWS caching client makes
 * ({@code DescribeSecret} for the version staged {@code AWSCURRENT}, then {@code GetSecretValue}) from
 * a map, with no network, so the benchmark measures the caching client's hit path alone. Counts
 * calls so the benchmark can check that the measured loop is all hits.
 */
final class StubSecretsManagerClient implements SecretsManagerClient {
    static final String VERSION_ID = "00000000-0000-4000-8000-000000000001";

    final AtomicLong calls = new AtomicLong();
    private final Map<String, String> secrets;

    StubSecretsManagerClient(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    @Override
    public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
        calls.incrementAndGet();
        if (!secrets.containsKey(request.secretId())) {
            throw ResourceNotFoundException.builder()
                    .message("Secrets Manager can't find the specified secret.")
                    .build();
        }
        return DescribeSecretResponse.builder()
                .name(request.secretId())
                .arn("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + request.secretId() + "-AbCdEf")
                .versionIdsToStages(Map.of(VERSION_ID, List.of("AWSCURRENT")))
                .build();
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        calls.incrementAndGet();
        String value = secrets.get(request.secretId());
        if (value == null) {
            throw ResourceNotFoundException.builder()
                    .message("Secrets Manager can't find the specified secret.")
                    .build();
        }
        return GetSecretValueResponse.builder()
                .name(request.secretId())
                .arn("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + request.secretId() + "-AbCdEf")
                .versionId(VERSION_ID)
                .versionStages("AWSCURRENT")
                .secretString(value)
                .createdDate(Instant.EPOCH)
                .build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
