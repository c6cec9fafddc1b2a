package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.aws.fake.SecretsManagerFake;
import dev.arcanum.secrets.test.LeakDetector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, "must show": the shaded jar reads a field of a JSON secret from {@link
 * SecretsManagerFake} through the unmodified AWS SDK, with static test credentials taken by the
 * SDK's default chain from the environment:
 *
 * <pre>
 * SECRETS_PROVIDER=aws AWS_REGION=us-east-1 AWS_ENDPOINT_URL_SECRETS_MANAGER=http://127.0.0.1:…
 * AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… secrets get prod/db#password
 * </pre>
 *
 * The fake checks that every request is signed but not the signature itself, so the failure case
 * for a credential is the one AWS gives a valid key without permission: {@code AccessDeniedException}.
 */
class AwsCommandLineIT {
    private static final String PASSWORD = "aws-cli-db-password-b71c";
    private static final String ACCESS_KEY_ID = "AKIACLITESTFAKE00001";
    private static final String SECRET_ACCESS_KEY = "cli/test/secret/access/key/never/printed/01";

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path home;

    private SecretsManagerFake fake;
    private ShadedJar jar;

    @BeforeEach
    void start() {
        fake = new SecretsManagerFake().start();
        fake.seed("prod/db", "{\"username\":\"app\",\"password\":\"" + PASSWORD + "\"}");
        jar = new ShadedJar(home);
        leaks.watch(SECRET_ACCESS_KEY);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SECRETS_PROVIDER", "aws");
        env.put("AWS_REGION", SecretsManagerFake.REGION);
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", fake.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        return env;
    }

    @Test
    void getPrintsTheFieldAndNothingElse() throws Exception {
        Cli.Result r = jar.run(env(), "get", "prod/db#password");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(PASSWORD + "\n");
        assertThat(r.err()).isEmpty();
        assertThat(fake.count("GetSecretValue")).isEqualTo(1);
        assertThat(fake.calls()).allSatisfy(c -> assertThat(c.signed()).isTrue());
    }

    @Test
    void aMissingKeyExitsOneNamingTheKey() throws Exception {
        Cli.Result r = jar.run(env(), "get", "prod/missing#password");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("secrets: Secret 'prod/missing#password' (AWS name 'prod/missing') not found in AWS Secrets"
                        + " Manager (region us-east-1)\n");
        leaks.assertNoLeak(r.err());
        assertThat(r.err()).doesNotContain(PASSWORD, ACCESS_KEY_ID);
    }

    @Test
    void accessDeniedExitsFourNamingTheKeyButNoCredential() throws Exception {
        fake.denyAccess("prod/db");

        Cli.Result r = jar.run(env(), "get", "prod/db#password");

        assertThat(r.code()).as(r.toString()).isEqualTo(4);
        assertThat(r.out()).isEmpty();
        // The middle of the line is the service's own message (the fake's); the start and the hint are ours.
        assertThat(r.err())
                .startsWith("secrets: Access denied: GetSecretValue of secret 'prod/db#password' (AWS name 'prod/db')"
                        + " (AccessDeniedException, HTTP 400: ")
                .endsWith("; grant secretsmanager:GetSecretValue on the secret to the principal of the SDK default"
                        + " credential chain (system properties, environment, web identity, profile 'default', container,"
                        + " instance role) (see docs/providers/aws.md, IAM policies)\n");
        assertThat(r.err().lines()).hasSize(1);
        leaks.assertNoLeak(r.err());
        assertThat(r.err()).doesNotContain(PASSWORD);
    }

    @Test
    void noCredentialsExitsThreeNamingTheChainTried() throws Exception {
        Map<String, String> env = env();
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        // The chain ends with the instance role: keep the SDK off the metadata address (loopback only).
        env.put("AWS_EC2_METADATA_DISABLED", "true");

        Cli.Result r = jar.run(env, "get", "prod/db#password");

        // docs/providers/aws.md: no credentials found is SecretProviderUnavailableException, exit 3.
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo(
                        "secrets: AWS Secrets Manager GetSecretValue of 'prod/db#password': no usable AWS credentials"
                                + " from the SDK default credential chain (system properties, environment, web identity, profile"
                                + " 'default', container, instance role); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
                                + " AWS_SECRET_ACCESS_KEY, or run with a role\n");
        assertThat(fake.count("GetSecretValue")).isZero();
    }
}
