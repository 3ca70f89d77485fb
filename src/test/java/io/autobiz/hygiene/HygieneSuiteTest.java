package io.autobiz.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.autobiz.tenancy.TenantProperties;
import io.autobiz.tenancy.TenantSettings;
import io.autobiz.testing.stage.Hygiene;
import io.autobiz.tools.ProviderProperties;
import io.autobiz.tools.guard.SafetyProperties;
import io.autobiz.tools.guard.SandboxGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * Reads every text file of the repository (sources, configs, fixtures, docs) and every shipped profile, and proves
 * that nothing points at a live account, a real endpoint or a real person. The start-up guard refuses these at run
 * time; this suite stops them from being committed at all.
 */
@Hygiene
class HygieneSuiteTest {

    /** Not committed: build output, downloads, the quick start's data, and the corpus a local fuzzing run generates. */
    private static final Set<String> SKIPPED_DIRECTORIES =
            Set.of(".git", "target", "node_modules", "data", ".mvn", ".idea", ".vscode", ".cifuzz-corpus");

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)");
    private static final Set<String> RESERVED_MAIL_DOMAINS = Set.of("example.com", "example.org", "example.net");
    /** Profiles the repository ships; production settings live outside it. */
    private static final List<String> PROFILES = List.of("quickstart", "postgres", "it");

    private static Path root;
    private static List<Path> textFiles;

    @BeforeAll
    static void readRepository() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("mvnw"))) {
            here = here.getParent();
        }
        assertThat(here)
                .as("the repository root (with mvnw) above the working directory")
                .isNotNull();
        root = here;
        try (Stream<Path> files = Files.walk(root)) {
            textFiles = files.filter(path -> root.relativize(path).toString().isEmpty()
                            || root.relativize(path).getNameCount() == 0
                            || !skipped(root.relativize(path)))
                    .filter(Files::isRegularFile)
                    .filter(path -> isText(path))
                    .toList();
        }
        assertThat(textFiles).as("files scanned").hasSizeGreaterThan(100);
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isText(Path path) {
        try {
            if (Files.size(path) > 2_000_000) {
                return false;
            }
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path)));
            return true;
        } catch (CharacterCodingException binary) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> findAll(Pattern pattern) {
        List<String> found = new ArrayList<>();
        for (Path file : textFiles) {
            Matcher matcher = pattern.matcher(read(file));
            while (matcher.find()) {
                found.add(root.relativize(file) + ": "
                        + matcher.group()
                                .substring(0, Math.min(12, matcher.group().length())) + "...");
            }
        }
        return found;
    }

    @Test
    @DisplayName("P1-H01 no file of the repository holds a live Stripe key or a Slack user token")
    void noLiveKeyAnywhere() {
        for (Pattern live : SandboxGuard.liveKeyPatterns()) {
            assertThat(findAll(live)).as("live keys in the repository").isEmpty();
        }
    }

    @Test
    @DisplayName("P1-H01 the scan itself finds a live key where one is (so it cannot pass by reading nothing)")
    void scanFindsWhatItLooksFor() {
        String planted = "stripe.api_key: " + "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc";
        assertThat(SandboxGuard.liveKeyPatterns().get(0).matcher(planted).find())
                .isTrue();
        assertThat(textFiles).anyMatch(path -> path.endsWith("application-quickstart.yml"));
        assertThat(textFiles).anyMatch(path -> path.endsWith("HygieneSuiteTest.java"));
    }

    @Test
    @DisplayName("P1-H03 every e-mail address in the repository's configs, fixtures and docs is on a reserved domain")
    void recipientsAreSafe() {
        List<String> real = new ArrayList<>();
        for (Path file : textFiles) {
            String name = file.getFileName().toString();
            boolean fixtureOrConfig = name.endsWith(".yml")
                    || name.endsWith(".yaml")
                    || name.endsWith(".json")
                    || name.endsWith(".md")
                    || name.endsWith(".java")
                    || name.endsWith(".properties")
                    || name.endsWith(".sql")
                    || name.endsWith(".form")
                    || name.endsWith(".bpmn");
            if (!fixtureOrConfig) {
                continue;
            }
            Matcher matcher = EMAIL.matcher(read(file));
            while (matcher.find()) {
                String domain = matcher.group(1).toLowerCase();
                boolean reserved =
                        RESERVED_MAIL_DOMAINS.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d))
                                || domain.endsWith(".test")
                                || domain.endsWith(".invalid")
                                || domain.endsWith(".example")
                                || domain.endsWith(".localhost")
                                || !domain.matches(".*[a-z].*\\.[a-z]{2,}");
                if (!reserved
                        && !isCodeLookalike(matcher.group())
                        && !PROVIDERS_PUBLISHED_ADDRESSES.contains(
                                matcher.group().toLowerCase())) {
                    real.add(root.relativize(file) + ": " + matcher.group());
                }
            }
        }
        assertThat(real).as("addresses on real domains").isEmpty();
    }

    /**
     * Addresses a provider publishes and its SDK prints in its own error texts, which the invariant checker's leak
     * scanner must recognise (and its test quote) so as not to take them for a customer's. Nobody is ever mailed at
     * them.
     */
    private static final Set<String> PROVIDERS_PUBLISHED_ADDRESSES = Set.of("support@stripe.com");

    /** Things shaped like an address that are not one: Maven coordinates, annotations, Git URLs in docs. */
    private static boolean isCodeLookalike(String match) {
        return match.startsWith("git@github.com") || match.contains("@version") || match.matches(".*@[0-9].*");
    }

    private static StandardEnvironment profile(String profile) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        YamlPropertySourceLoader loader = new YamlPropertySourceLoader();
        for (String file : List.of(
                "src/main/resources/application-" + profile + ".yml",
                "src/test/resources/application-" + profile + ".yml",
                "src/main/resources/application.yml")) {
            Path path = root.resolve(file);
            if (Files.exists(path)) {
                loader.load(file, new FileSystemResource(path))
                        .forEach(source -> environment.getPropertySources().addLast(source));
            }
        }
        return environment;
    }

    @ParameterizedTest(name = "P1-H02 profile {0}: every provider URL is loopback or a sandbox host; no live key")
    @ValueSource(strings = {"quickstart", "postgres", "it"})
    @DisplayName("P1-H02 shipped profiles pass the start-up guard")
    void profilesPassTheGuard(String profile) throws IOException {
        Binder binder = Binder.get(profile(profile));
        ProviderProperties providers = binder.bindOrCreate("autobiz.providers", ProviderProperties.class);
        TenantProperties stores = binder.bindOrCreate("autobiz", TenantProperties.class);
        SafetyProperties safety = binder.bindOrCreate("autobiz.safety", SafetyProperties.class);

        assertThatCode(() -> new SandboxGuard(safety, providers, stores, false)).doesNotThrowAnyException();
        assertThat(safety.liveTenants())
                .as("P1-H06 no shipped profile marks a store live")
                .isEmpty();
        assertThat(safety.realFulfilmentTenants())
                .as("P1-H06 drafts stay drafts")
                .isEmpty();
    }

    @Test
    @DisplayName("P1-H04 SendGrid sandbox_mode is on in every shipped profile")
    void sandboxModeOn() throws IOException {
        for (String profile : PROFILES) {
            ProviderProperties providers =
                    Binder.get(profile(profile)).bindOrCreate("autobiz.providers", ProviderProperties.class);
            assertThat(providers.sendgridSandboxMode()).as(profile).isTrue();
        }
    }

    private static final Map<String, Pattern> TEST_KEY_FORMATS = Map.of(
            "stripe.api_key", Pattern.compile("^sk_test_[A-Za-z0-9_]+$"),
            "shopify.access_token", Pattern.compile("^shpat_[A-Za-z0-9_]+$"),
            "sendgrid.api_key", Pattern.compile("^SG\\.[A-Za-z0-9_.-]+$"),
            "slack.bot_token", Pattern.compile("^xoxb-[A-Za-z0-9-]+$"));

    @Test
    @DisplayName("P1-H05 every configured secret of every shipped store has its provider's test-key format")
    void keyFormats() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String profile : PROFILES) {
            TenantProperties stores = Binder.get(profile(profile)).bindOrCreate("autobiz", TenantProperties.class);
            stores.tenants()
                    .forEach((tenant, settings) -> settings.secrets().forEach((name, value) -> {
                        Pattern format = TEST_KEY_FORMATS.get(name);
                        if (format != null && !format.matcher(value).matches()) {
                            wrong.add(profile + "/" + tenant + "/" + name);
                        }
                    }));
        }
        assertThat(wrong).as("secrets not in their provider's test format").isEmpty();
    }

    @Test
    @DisplayName("P1-H05 the guard's live-key patterns are the providers' documented live prefixes")
    void livePatterns() {
        Pattern live = SandboxGuard.liveKeyPatterns().get(0);
        assertThat(live.matcher("sk_" + "live_abc").find()).isTrue();
        assertThat(live.matcher("rk_" + "live_abc").find()).isTrue();
        assertThat(live.matcher("pk_" + "live_abc").find()).isTrue();
        assertThat(live.matcher("xoxp" + "-123-abc").find()).isTrue();
        assertThat(live.matcher("sk_test_abc").find()).isFalse();
        assertThat(live.matcher("xoxb-test-abc").find()).isFalse();
    }

    @Test
    @DisplayName("P1-H02 the test network guard is registered for every test JVM of this module")
    void networkGuardRegistered() {
        Path services = root.resolve(
                "src/test/resources/META-INF/services/org.junit.platform.launcher.LauncherSessionListener");
        assertThat(read(services)).contains("io.autobiz.testsupport.network.NetworkGuardSession");
    }

    @Test
    @DisplayName("P1-H02 a store's settings carry no provider URL of their own: every base URL goes through the guard")
    void reservedDomainsOnly() {
        assertThat(Bindable.of(TenantSettings.class).getType().resolve().getRecordComponents())
                .noneMatch(component -> component.getName().toLowerCase().contains("url"));
    }
}
