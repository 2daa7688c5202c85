package ai.kaptura.architecture;

import static ai.kaptura.architecture.ArchitectureTest.ADAPTERS_DO_NOT_DEPEND_ON_APPLICATION_OR_APP;
import static ai.kaptura.architecture.ArchitectureTest.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER;
import static ai.kaptura.architecture.ArchitectureTest.ADAPTERS_EXPOSE_ONE_PUBLIC_ENTRY;
import static ai.kaptura.architecture.ArchitectureTest.APPLICATION_DEPENDS_ON_JDK_DOMAIN_AND_PORTS_ONLY;
import static ai.kaptura.architecture.ArchitectureTest.DATABASE_LIBRARIES_ONLY_IN_PERSISTENCE_ADAPTER;
import static ai.kaptura.architecture.ArchitectureTest.DEPENDENCY_INJECTION_ONLY_IN_APP;
import static ai.kaptura.architecture.ArchitectureTest.DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE;
import static ai.kaptura.architecture.ArchitectureTest.DOMAIN_DEPENDS_ON_THE_JDK_ONLY;
import static ai.kaptura.architecture.ArchitectureTest.FEIGN_ONLY_IN_ASTRIA_AND_EMAIL_ADAPTERS;
import static ai.kaptura.architecture.ArchitectureTest.JAVALIN_ONLY_IN_HTTP_ADAPTER;
import static ai.kaptura.architecture.ArchitectureTest.JCLOUDS_ONLY_IN_STORAGE_ADAPTER;
import static ai.kaptura.architecture.ArchitectureTest.NOTHING_DEPENDS_ON_APP;
import static ai.kaptura.architecture.ArchitectureTest.PORTS_ARE_INTERFACES_RECORDS_AND_ENUMS;
import static ai.kaptura.architecture.ArchitectureTest.PORTS_DEPEND_ON_JDK_DOMAIN_AND_PORTS_ONLY;
import static ai.kaptura.architecture.ArchitectureTest.STRIPE_ONLY_IN_STRIPE_ADAPTER;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.adapter.fixturea.PublicOne;
import ai.kaptura.adapter.fixturea.PublicTwo;
import ai.kaptura.adapter.fixtureb.Something;
import ai.kaptura.adapter.fixtureb.internal.AlsoPublic;
import ai.kaptura.app.archfixture.Wiring;
import ai.kaptura.application.archfixture.MakesRandomUuid;
import ai.kaptura.application.archfixture.ServiceUsingAdapter;
import ai.kaptura.application.archfixture.ServiceUsingPorts;
import ai.kaptura.domain.archfixture.CallsInstantNow;
import ai.kaptura.domain.archfixture.PureDomainValue;
import ai.kaptura.domain.archfixture.ReadsSystemClock;
import ai.kaptura.domain.archfixture.UsesAppWiring;
import ai.kaptura.domain.archfixture.UsesForbiddenJdkApis;
import ai.kaptura.domain.archfixture.UsesThirdPartyLibraries;
import ai.kaptura.ports.in.archfixture.PortUsingApplication;
import ai.kaptura.ports.in.archfixture.PortUsingVendor;
import ai.kaptura.ports.out.archfixture.AbstractClassInPorts;
import ai.kaptura.ports.out.archfixture.PlainClassInPorts;
import ai.kaptura.ports.out.archfixture.PortShapes;
import ai.kaptura.ports.out.archfixture.PortWithNestedClass;
import com.github.kagkarlsson.archfixture.FakeDbScheduler;
import com.stripe.archfixture.FakeStripe;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.zaxxer.hikari.archfixture.FakeHikari;
import dagger.archfixture.FakeDagger;
import feign.archfixture.FakeFeign;
import io.github.bucket4j.archfixture.FakeBucket4j;
import io.javalin.archfixture.FakeJavalin;
import jakarta.inject.archfixture.FakeJakartaInject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.inject.archfixture.FakeJavaxInject;
import org.flywaydb.archfixture.FakeFlyway;
import org.h2.archfixture.FakeH2;
import org.jclouds.archfixture.FakeJclouds;
import org.jooq.archfixture.FakeJooq;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.archfixture.FakePostgres;

/**
 * Non-vacuity proofs: every rule of {@link ArchitectureTest}, the very same {@link ArchRule} object,
 * fails on a deliberately violating fixture class and names it, and passes on a compliant one. The
 * fixtures live in app's test sources, in the namespaces the rules select, so the real check (which
 * imports main classes only) never sees them.
 */
class ArchitectureFixtureTest {

    private static final String EMPTY_SHOULD = "failed to check any classes";

    private static JavaClasses importTypes(Class<?>... types) {
        return new ClassFileImporter().importClasses(types);
    }

    /** For fixtures that are package-private, as adapter internals should be. */
    private static JavaClasses importTypes(String... names) {
        return importTypes(
                Arrays.stream(names).map(ArchitectureFixtureTest::load).toArray(Class<?>[]::new));
    }

    private static JavaClasses importPackage(String packageName) {
        return new ClassFileImporter().importPackages(packageName).that(resideInAPackage(packageName));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ArchitectureFixtureTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("fixture class missing: " + name, e);
        }
    }

    private static void assertViolates(ArchRule rule, JavaClasses fixtures, String... namedInMessage) {
        assertThatThrownBy(() -> rule.check(fixtures))
                .isInstanceOf(AssertionError.class)
                .hasMessageNotContaining(EMPTY_SHOULD)
                .hasMessageContainingAll(namedInMessage);
    }

    /** Asserts that {@code rule} fails on the one fixture class, naming it and every one of {@code alsoNamed}. */
    private static void assertViolatesNaming(ArchRule rule, Class<?> fixture, String... alsoNamed) {
        assertViolates(
                rule,
                importTypes(fixture),
                Stream.concat(Stream.of(fixture.getName()), Arrays.stream(alsoNamed))
                        .toArray(String[]::new));
    }

    private static void assertKeeps(ArchRule rule, JavaClasses fixtures) {
        assertThat(fixtures).isNotEmpty();
        assertThatCode(() -> rule.check(fixtures)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("every ArchRule constant of ArchitectureTest is run by the ArchUnit engine (@ArchTest)")
    void every_rule_constant_is_an_arch_test() {
        List<Field> ruleFields = Arrays.stream(ArchitectureTest.class.getDeclaredFields())
                .filter(field -> ArchRule.class.isAssignableFrom(field.getType()))
                .toList();

        assertThat(ruleFields).hasSize(15);
        assertThat(ruleFields).allSatisfy(field -> {
            assertThat(field.isAnnotationPresent(ArchTest.class))
                    .as("@ArchTest on %s", field.getName())
                    .isTrue();
            assertThat(Modifier.isPublic(field.getModifiers())
                            && Modifier.isStatic(field.getModifiers())
                            && Modifier.isFinal(field.getModifiers()))
                    .as("public static final %s", field.getName())
                    .isTrue();
        });
    }

    @Nested
    @DisplayName("a. core-domain depends on the JDK only")
    class DomainOnJdkOnly {

        @Test
        void rejects_file_network_sql_reflection_and_logging_apis() {
            assertViolatesNaming(
                    DOMAIN_DEPENDS_ON_THE_JDK_ONLY,
                    UsesForbiddenJdkApis.class,
                    "<java.nio.file.Path>",
                    "<java.sql.Connection>",
                    "<java.lang.reflect.Method>",
                    "<java.io.File>",
                    "<java.util.logging.Logger>",
                    "<java.lang.System$Logger>",
                    "<java.net.URI>");
        }

        @Test
        void rejects_libraries_outside_the_jdk() {
            assertViolatesNaming(
                    DOMAIN_DEPENDS_ON_THE_JDK_ONLY,
                    UsesThirdPartyLibraries.class,
                    FakeJooq.class.getName(),
                    FakeStripe.class.getName(),
                    FakeJavalin.class.getName(),
                    FakeJakartaInject.class.getName(),
                    FakeFeign.class.getName());
        }

        @Test
        void rejects_other_kaptura_modules() {
            assertViolatesNaming(DOMAIN_DEPENDS_ON_THE_JDK_ONLY, UsesAppWiring.class, Wiring.class.getName());
        }

        @Test
        void accepts_code_on_the_jdk_and_the_domain() {
            assertKeeps(DOMAIN_DEPENDS_ON_THE_JDK_ONLY, importTypes(PureDomainValue.class));
        }
    }

    @Nested
    @DisplayName("b. domain and application take time and ids from outside")
    class TimeAndIdsComeIn {

        @Test
        void rejects_instant_now_called_or_referenced() {
            assertViolates(
                    DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE,
                    importTypes(CallsInstantNow.class),
                    CallsInstantNow.class.getName() + ".stamp()",
                    CallsInstantNow.class.getName() + ".clock()",
                    "<java.time.Instant.now()>");
        }

        @Test
        void rejects_every_other_read_of_the_system_clock() {
            assertViolatesNaming(
                    DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE,
                    ReadsSystemClock.class,
                    "<java.time.LocalDate.now()>",
                    "<java.time.LocalDate.now(java.time.ZoneId)>",
                    "<java.time.LocalDateTime.now()>",
                    "<java.time.ZonedDateTime.now()>",
                    "<java.lang.System.currentTimeMillis()>",
                    "<java.lang.System.nanoTime()>",
                    "<java.time.Clock.systemUTC()>");
        }

        @Test
        void rejects_random_uuids_in_the_application() {
            assertViolates(
                    DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE,
                    importTypes(MakesRandomUuid.class),
                    MakesRandomUuid.class.getName() + ".newId()",
                    "<java.util.UUID.randomUUID()>");
        }

        @Test
        void accepts_time_from_an_injected_clock_and_ids_from_a_supplier() {
            assertKeeps(
                    DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE,
                    importTypes(PureDomainValue.class, ServiceUsingPorts.class));
        }
    }

    @Nested
    @DisplayName("c. ports are interfaces, records and enums")
    class PortsShapes {

        @Test
        void rejects_plain_abstract_and_nested_classes() {
            assertViolates(
                    PORTS_ARE_INTERFACES_RECORDS_AND_ENUMS,
                    importTypes(
                            PlainClassInPorts.class,
                            AbstractClassInPorts.class,
                            PortWithNestedClass.class,
                            PortWithNestedClass.Helper.class),
                    "<" + PlainClassInPorts.class.getName() + "> is a plain class",
                    "<" + AbstractClassInPorts.class.getName() + "> is an abstract class",
                    "<" + PortWithNestedClass.Helper.class.getName() + "> is a plain class");
        }

        @Test
        void accepts_interfaces_records_enums_annotations_and_compiler_generated_classes() {
            JavaClasses shapes = importPackage("ai.kaptura.ports.out.archfixture")
                    .that(nameStartingWith(PortShapes.class.getName()));

            // the fixture must really hold the tricky cases, or this test would prove nothing
            assertThat(shapes)
                    .anyMatch(JavaClass::isRecord)
                    .anyMatch(JavaClass::isEnum)
                    .anyMatch(JavaClass::isAnnotation)
                    .anyMatch(type -> type.isEnum() && type.isAnonymousClass())
                    .anyMatch(type -> type.getModifiers().contains(JavaModifier.SYNTHETIC));
            assertKeeps(PORTS_ARE_INTERFACES_RECORDS_AND_ENUMS, shapes);
        }
    }

    @Nested
    @DisplayName("d. layering")
    class Layering {

        @Test
        void ports_may_not_depend_on_the_application_or_a_library() {
            assertViolates(
                    PORTS_DEPEND_ON_JDK_DOMAIN_AND_PORTS_ONLY,
                    importTypes(PortUsingApplication.class, PortUsingVendor.class),
                    PortUsingApplication.class.getName(),
                    "ai.kaptura.application.archfixture.SomeUseCaseService",
                    PortUsingVendor.class.getName(),
                    FakeJooq.class.getName());
        }

        @Test
        void ports_may_depend_on_the_jdk_the_domain_and_ports() {
            assertKeeps(
                    PORTS_DEPEND_ON_JDK_DOMAIN_AND_PORTS_ONLY,
                    importPackage("ai.kaptura.ports.out.archfixture")
                            .that(nameStartingWith(PortShapes.class.getName())));
        }

        @Test
        void application_may_not_depend_on_an_adapter_or_a_library() {
            assertViolatesNaming(
                    APPLICATION_DEPENDS_ON_JDK_DOMAIN_AND_PORTS_ONLY,
                    ServiceUsingAdapter.class,
                    Something.class.getName(),
                    FakeJooq.class.getName());
        }

        @Test
        void application_may_depend_on_the_jdk_the_domain_and_ports() {
            assertKeeps(APPLICATION_DEPENDS_ON_JDK_DOMAIN_AND_PORTS_ONLY, importTypes(ServiceUsingPorts.class));
        }

        @Test
        void an_adapter_may_not_depend_on_another_adapter() {
            assertViolates(
                    ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER,
                    importTypes("ai.kaptura.adapter.fixturea.UsesOtherAdapter", Something.class.getName()),
                    "adapter 'fixturea'",
                    "adapter 'fixtureb'",
                    "ai.kaptura.adapter.fixturea.UsesOtherAdapter",
                    Something.class.getName());
        }

        @Test
        void independent_adapters_pass() {
            JavaClasses twoAdapters = new ClassFileImporter()
                    .importPackages("ai.kaptura.adapter.fixturec", "ai.kaptura.adapter.fixtureb");
            assertKeeps(ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER, twoAdapters);
        }

        @Test
        void an_adapter_may_not_depend_on_the_application_or_app() {
            assertViolates(
                    ADAPTERS_DO_NOT_DEPEND_ON_APPLICATION_OR_APP,
                    importTypes(
                            "ai.kaptura.adapter.fixturea.UsesApplication", "ai.kaptura.adapter.fixturea.UsesAppWiring"),
                    "ai.kaptura.adapter.fixturea.UsesApplication",
                    "ai.kaptura.application.archfixture.SomeUseCaseService",
                    "ai.kaptura.adapter.fixturea.UsesAppWiring",
                    Wiring.class.getName());
        }

        @Test
        void an_adapter_may_depend_on_domain_and_ports() {
            assertKeeps(ADAPTERS_DO_NOT_DEPEND_ON_APPLICATION_OR_APP, importTypes(Something.class));
        }
    }

    @Nested
    @DisplayName("e. one public entry per adapter")
    class OnePublicEntry {

        /** Asserts the rule finds two public top-level classes, {@code one} and {@code two}, in {@code adapter}. */
        private static void assertTwoPublicEntries(String adapter, Class<?> one, Class<?> two) {
            assertViolates(
                    ADAPTERS_EXPOSE_ONE_PUBLIC_ENTRY,
                    importTypes(one, two),
                    "adapter '" + adapter + "' has 2 public top-level classes",
                    one.getName(),
                    two.getName());
        }

        @Test
        void rejects_two_public_top_level_classes_in_one_adapter() {
            assertTwoPublicEntries("fixturea", PublicOne.class, PublicTwo.class);
        }

        @Test
        void counts_sub_packages_as_the_same_adapter() {
            assertTwoPublicEntries("fixtureb", Something.class, AlsoPublic.class);
        }

        @Test
        void rejects_a_public_nested_class_beside_the_entry() {
            assertViolates(
                    ADAPTERS_EXPOSE_ONE_PUBLIC_ENTRY,
                    importPackage("ai.kaptura.adapter.fixtured"),
                    "adapter 'fixtured'",
                    "ai.kaptura.adapter.fixtured.Hidden$Leaked> is public");
        }

        @Test
        void accepts_one_public_entry_per_adapter_with_the_types_declared_inside_it_and_package_private_internals() {
            JavaClasses adapters = new ClassFileImporter()
                    .importPackages("ai.kaptura.adapter.fixturec")
                    .that(resideInAPackage("ai.kaptura.adapter.fixturec"));
            assertThat(adapters)
                    .extracting(JavaClass::getSimpleName)
                    .contains("Entry", "Settings", "Internal", "Helper");

            assertKeeps(
                    ADAPTERS_EXPOSE_ONE_PUBLIC_ENTRY,
                    new ClassFileImporter()
                            .importClasses(
                                    load("ai.kaptura.adapter.fixturec.Entry"),
                                    load("ai.kaptura.adapter.fixturec.Entry$Settings"),
                                    load("ai.kaptura.adapter.fixturec.Internal"),
                                    load("ai.kaptura.adapter.fixturec.Internal$Helper"),
                                    Something.class));
        }
    }

    @Nested
    @DisplayName("f. each vendor library only in its own module")
    class VendorsStayHome {

        static Stream<Arguments> vendorRules() {
            return Stream.of(
                    Arguments.of("Javalin", JAVALIN_ONLY_IN_HTTP_ADAPTER, List.of(FakeJavalin.class)),
                    Arguments.of(
                            "database stack",
                            DATABASE_LIBRARIES_ONLY_IN_PERSISTENCE_ADAPTER,
                            List.of(
                                    FakeJooq.class,
                                    FakeHikari.class,
                                    FakeFlyway.class,
                                    FakeDbScheduler.class,
                                    FakeBucket4j.class,
                                    FakeH2.class,
                                    FakePostgres.class)),
                    Arguments.of("Stripe", STRIPE_ONLY_IN_STRIPE_ADAPTER, List.of(FakeStripe.class)),
                    Arguments.of("jclouds", JCLOUDS_ONLY_IN_STORAGE_ADAPTER, List.of(FakeJclouds.class)),
                    Arguments.of("Feign", FEIGN_ONLY_IN_ASTRIA_AND_EMAIL_ADAPTERS, List.of(FakeFeign.class)),
                    Arguments.of(
                            "dependency injection",
                            DEPENDENCY_INJECTION_ONLY_IN_APP,
                            List.of(FakeDagger.class, FakeJavaxInject.class, FakeJakartaInject.class)));
        }

        /** Every fake vendor library: the union of the fakes of all {@link #vendorRules()}. */
        @SuppressWarnings("unchecked")
        private static final List<Class<?>> ALL_FAKE_VENDORS = vendorRules()
                .flatMap(rule -> ((List<Class<?>>) rule.get()[2]).stream())
                .toList();

        @ParameterizedTest(name = "{0}")
        @MethodSource("vendorRules")
        void rejects_the_vendor_outside_its_module_and_only_that_vendor(
                String vendor, ArchRule rule, List<Class<?>> fakes) {
            String outsider = "ai.kaptura.adapter.sandbox.archfixture.UsesEveryVendor";
            JavaClasses fixture = importTypes(outsider);

            assertViolates(rule, fixture, outsider);
            assertViolates(
                    rule,
                    fixture,
                    fakes.stream().map(fake -> "<" + fake.getName() + ">").toArray(String[]::new));
            List<Class<?>> otherVendors = ALL_FAKE_VENDORS.stream()
                    .filter(fake -> !fakes.contains(fake))
                    .toList();
            assertThatThrownBy(() -> rule.check(fixture))
                    .message()
                    .doesNotContain(otherVendors.stream()
                            .map(fake -> "<" + fake.getName() + ">")
                            .toList());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("vendorRules")
        void accepts_each_vendor_inside_its_own_module(String vendor, ArchRule rule, List<Class<?>> fakes) {
            JavaClasses insiders = importTypes(
                    "ai.kaptura.adapter.http.archfixture.HttpUsesJavalin",
                    "ai.kaptura.adapter.persistence.archfixture.PersistenceUsesItsLibraries",
                    "ai.kaptura.adapter.stripe.archfixture.StripeUsesStripe",
                    "ai.kaptura.adapter.storage.archfixture.StorageUsesJclouds",
                    "ai.kaptura.adapter.astria.archfixture.AstriaUsesFeign",
                    "ai.kaptura.adapter.email.archfixture.EmailUsesFeign",
                    Wiring.class.getName());

            // the insiders really use every vendor, so passing means "allowed here", not "not looked at"
            assertThat(fakes)
                    .allSatisfy(fake -> assertThat(insiders)
                            .anyMatch(type -> type.getDirectDependenciesFromSelf().stream()
                                    .anyMatch(d -> d.getTargetClass().isEquivalentTo(fake))));
            assertKeeps(rule, insiders);
        }
    }

    @Nested
    @DisplayName("g. nothing depends on app")
    class AppIsWiringOnly {

        @Test
        void rejects_any_module_depending_on_app() {
            assertViolates(
                    NOTHING_DEPENDS_ON_APP,
                    importTypes(UsesAppWiring.class, load("ai.kaptura.adapter.fixturea.UsesAppWiring"), Wiring.class),
                    UsesAppWiring.class.getName(),
                    "ai.kaptura.adapter.fixturea.UsesAppWiring",
                    Wiring.class.getName());
        }

        @Test
        void accepts_app_depending_on_itself_and_others_not_on_app() {
            assertKeeps(NOTHING_DEPENDS_ON_APP, importTypes(Wiring.class, Something.class, PureDomainValue.class));
        }
    }
}
