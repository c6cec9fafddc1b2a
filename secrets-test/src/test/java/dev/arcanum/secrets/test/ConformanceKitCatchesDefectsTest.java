package dev.arcanum.secrets.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.test.MapSecretStore.Defect;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the kit catches real defects: the reference store with one deliberate bug switched on is run
 * through the kit by the JUnit Platform Launcher, and the kit test that covers that bug must fail,
 * without printing any value in its failure.
 */
class ConformanceKitCatchesDefectsTest {
    private static final String DEFECTS = "arcanum.selftest.defects";
    /** The kit's values end in a random UUID; none may appear in a failure report. */
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final Set<String> WRITE_TESTS = Set.of(
            "putAndVersions",
            "existsAndDelete",
            "listNamesOnly",
            "putAllCounts",
            "putIfAbsent",
            "malformedKeysOnWrite",
            "putAllValidatesBeforeWriting",
            "putNullValue");

    /** The kit over the reference store with the defects named by a configuration parameter. */
    @LauncherFixture
    static class DefectiveStoreKit extends SecretProviderConformanceKit {
        @RegisterExtension
        static final TestInstancePostProcessor DEFECTS_FROM_CONFIGURATION = (instance, context) ->
                ((DefectiveStoreKit) instance).defects = context.getConfigurationParameter(DEFECTS)
                        .filter(s -> !s.isEmpty())
                        .map(s ->
                                Arrays.stream(s.split(",")).map(Defect::valueOf).collect(Collectors.toSet()))
                        .map(EnumSet::copyOf)
                        .orElse(EnumSet.noneOf(Defect.class));

        private final AtomicLong calls = new AtomicLong();
        private EnumSet<Defect> defects;

        @Override
        protected SecretProvider newProvider() {
            return new MapSecretStore(defects, calls);
        }

        @Override
        protected long backendCallCount() {
            return calls.get();
        }
    }

    private static PlatformRun runWith(Defect... defects) {
        String names = Arrays.stream(defects).map(Enum::name).collect(Collectors.joining(","));
        return PlatformRun.of(DefectiveStoreKit.class, Map.of(DEFECTS, names));
    }

    @Test
    void theReferenceStorePassesEveryKitTest() {
        PlatformRun run = runWith();
        assertThat(run.failedContainers()).isEmpty();
        assertThat(run.failed()).isEmpty();
        assertThat(run.aborted()).isEmpty();
        assertThat(run.succeeded())
                .contains("getReturnsValue", "scopeIsolation", "fieldSelection", "malformedKeysOnRead")
                .hasSizeGreaterThanOrEqualTo(18);
    }

    static Stream<Arguments> defects() {
        return Stream.of(
                Arguments.of(
                        Defect.SHARED_SCOPES,
                        Set.of("scopeIsolation", "existsAndDelete", "listNamesOnly", "putAllCounts"),
                        "getManyPartialResults"),
                Arguments.of(
                        Defect.LOGS_VALUES,
                        Set.of("getReturnsValue", "getManyPartialResults", "fieldSelection", "unusualValuesRoundTrip"),
                        "healthCheck"),
                Arguments.of(
                        Defect.TO_STRING_LEAKS_VALUES,
                        Set.of("getReturnsValue", "scopeIsolation", "fieldSelection"),
                        "healthCheck"),
                Arguments.of(Defect.FIELD_ERROR_LEAKS_VALUES, Set.of("fieldSelection"), "getReturnsValue"),
                Arguments.of(Defect.GET_MANY_THROWS_ON_ABSENT, Set.of("getManyPartialResults"), "getReturnsValue"),
                Arguments.of(
                        Defect.VALIDATES_AFTER_IO,
                        Set.of("malformedKeysOnRead", "malformedKeysOnWrite"),
                        "getReturnsValue"),
                Arguments.of(Defect.LIST_LEAKS_VALUES, Set.of("listNamesOnly"), "putAllCounts"),
                Arguments.of(Defect.SIGN_IGNORES_PURPOSE, Set.of("verifyRejectsTampering"), "getReturnsValue"),
                Arguments.of(Defect.VERIFY_THROWS_ON_GARBAGE, Set.of("verifyRejectsTampering"), "signVerifyRoundTrip"),
                Arguments.of(Defect.HEALTH_THROWS, Set.of("healthCheck", "closeIsIdempotent"), "getReturnsValue"),
                Arguments.of(Defect.PUT_OVERWRITES_VERSION, Set.of("putAndVersions"), "putAllCounts"),
                Arguments.of(Defect.PUT_ALL_COUNTS_EVERYTHING_CREATED, Set.of("putAllCounts"), "putAndVersions"),
                Arguments.of(
                        Defect.PUT_ALL_VALIDATES_AS_IT_GOES, Set.of("putAllValidatesBeforeWriting"), "putAllCounts"));
    }

    @ParameterizedTest(name = "{0} fails {1}")
    @MethodSource("defects")
    void theKitTestCoveringTheDefectFails(Defect defect, Collection<String> expectedFailures, String unrelated) {
        PlatformRun run = runWith(defect);
        assertThat(run.failedContainers()).isEmpty();
        assertThat(run.failed()).containsAll(expectedFailures);
        // Unrelated behaviour still passes: the kit pins each defect on the tests about it.
        assertThat(run.succeeded()).contains(unrelated);
        assertThat(run.allFailureTexts()).doesNotContainPattern(UUID_TEXT);
    }

    @Test
    void aLoggedValueIsReportedWithLoggerAndLevelButMasked() {
        PlatformRun run = runWith(Defect.LOGS_VALUES);
        assertThat(run.failureText("getReturnsValue"))
                .contains("A watched secret was logged")
                .contains("logger dev.arcanum.secrets.test.MapSecretStore at TRACE")
                .contains("ge****")
                .doesNotContainPattern(UUID_TEXT);
    }

    @Test
    void aMissingFieldMessageQuotingTheValueIsWithheld() {
        PlatformRun run = runWith(Defect.FIELD_ERROR_LEAKS_VALUES);
        assertThat(run.failureText("fieldSelection"))
                .contains("appears in the message of dev.arcanum.secrets.SecretNotFoundException")
                .doesNotContainPattern(UUID_TEXT);
    }

    @Test
    void backendCallsBeforeValidationAreReported() {
        PlatformRun run = runWith(Defect.VALIDATES_AFTER_IO);
        assertThat(run.failureText("malformedKeysOnRead"))
                .contains("backend calls made while rejecting malformed keys");
    }

    /** A provider without write operations: only reads, signing and health. */
    static final class ReadOnlyView implements SecretProvider {
        private final MapSecretStore store;

        ReadOnlyView(MapSecretStore store) {
            this.store = store;
        }

        @Override
        public String name() {
            return "read-only-view";
        }

        @Override
        public Secret get(String key, SecretScope scope) {
            return store.get(key, scope);
        }

        @Override
        public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
            return store.getMany(keys, scope);
        }

        @Override
        public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
            return store.sign(payload, purpose);
        }

        @Override
        public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
            return store.verify(payload, signature, purpose);
        }

        @Override
        public SecretProviderHealth healthCheck() {
            return store.healthCheck();
        }
    }

    /** The kit over a read-only provider: seeded() is overridden, versions are not claimed. */
    @LauncherFixture
    static class ReadOnlyKit extends SecretProviderConformanceKit {
        @Override
        protected SecretProvider newProvider() {
            return new ReadOnlyView(new MapSecretStore());
        }

        @Override
        protected SecretProvider seeded(Map<SecretScope, Map<String, String>> entries) {
            MapSecretStore store = new MapSecretStore();
            entries.forEach((scope, values) -> store.putAll(values, scope));
            return new ReadOnlyView(store);
        }

        @Override
        protected boolean supportsVersions() {
            return false;
        }
    }

    @Test
    void aReadOnlyProviderSkipsExactlyTheWriteTestsAndPassesTheRest() {
        PlatformRun run = PlatformRun.of(ReadOnlyKit.class);
        assertThat(run.failed()).isEmpty();
        assertThat(run.aborted()).isEqualTo(new java.util.TreeSet<>(WRITE_TESTS));
        assertThat(run.succeeded())
                .contains(
                        "getReturnsValue",
                        "scopeIsolation",
                        "fieldSelection",
                        "signVerifyRoundTrip",
                        "verifyRejectsTampering",
                        "malformedKeysOnRead",
                        "healthCheck");
    }
}
