package ai.kaptura.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.conditions.ArchConditions.accessTargetWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.Slice;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The hexagon's boundaries as executable rules over every main class of every module.
 *
 * <p>Each rule is a constant so that {@link ArchitectureFixtureTest} can apply the very same rule
 * object to deliberately violating fixture classes and prove that it is not vacuous. ArchUnit's
 * default {@code failOnEmptyShould} stays on: a rule that selects no class fails here.
 */
@AnalyzeClasses(packages = "ai.kaptura", importOptions = ImportOption.DoNotIncludeTests.class)
public class ArchitectureTest {

    static final String DOMAIN = "ai.kaptura.domain..";
    static final String PORTS = "ai.kaptura.ports..";
    static final String APPLICATION = "ai.kaptura.application..";
    static final String ADAPTERS = "ai.kaptura.adapter..";
    static final String ADAPTER_SLICES = "ai.kaptura.adapter.(*)..";
    static final String APP = "ai.kaptura.app..";
    static final String JDK = "java..";

    // ---------------------------------------------------------------------------------------------
    // a. core-domain: the JDK only, and not its I/O, network, SQL, reflection or logging corners
    // ---------------------------------------------------------------------------------------------

    static final DescribedPredicate<JavaClass> FORBIDDEN_TO_THE_DOMAIN = resideInAnyPackage(
                    "java.sql..",
                    "java.net..",
                    "java.nio.file..",
                    "java.lang.reflect..",
                    "java.util.logging..",
                    "org..",
                    "com..",
                    "io..",
                    "jakarta..",
                    "javax..")
            .or(belongToAnyOf(
                    File.class,
                    FileInputStream.class,
                    FileOutputStream.class,
                    FileReader.class,
                    FileWriter.class,
                    RandomAccessFile.class,
                    System.Logger.class))
            .as("java.sql.., java.net.., java.io.File*, java.nio.file.., java.lang.reflect.., "
                    + "java.util.logging.., java.lang.System.Logger, org.., com.., io.., jakarta.., javax..");

    static final DescribedPredicate<JavaClass> ALLOWED_TO_THE_DOMAIN = resideInAnyPackage(JDK, DOMAIN)
            .and(not(FORBIDDEN_TO_THE_DOMAIN))
            .as("reside in java.. or ai.kaptura.domain.. but not in " + FORBIDDEN_TO_THE_DOMAIN.getDescription());

    @ArchTest
    public static final ArchRule DOMAIN_DEPENDS_ON_THE_JDK_ONLY = classes()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .onlyDependOnClassesThat(ALLOWED_TO_THE_DOMAIN)
            .because("core-domain is the privacy policy as pure code: no framework, no logging, "
                    + "no reflection, no file, network or database I/O");

    // ---------------------------------------------------------------------------------------------
    // b. time and ids come in: no system clock, no random UUIDs in domain or application
    // ---------------------------------------------------------------------------------------------

    /** Methods that read the machine's clock or mint a random id, by owner. */
    private static final Map<Class<?>, Set<String>> AMBIENT_SOURCES = Map.of(
            Instant.class, Set.of("now"),
            LocalDate.class, Set.of("now"),
            LocalDateTime.class, Set.of("now"),
            LocalTime.class, Set.of("now"),
            ZonedDateTime.class, Set.of("now"),
            OffsetDateTime.class, Set.of("now"),
            UUID.class, Set.of("randomUUID"),
            System.class, Set.of("currentTimeMillis", "nanoTime"),
            Clock.class, Set.of("systemUTC", "systemDefaultZone", "system"),
            InstantSource.class, Set.of("system"));

    static final DescribedPredicate<JavaAccess<?>> READS_SYSTEM_CLOCK_OR_MINTS_RANDOM_ID = DescribedPredicate.describe(
            "is the system clock or a random id: Instant/LocalDate/LocalDateTime/LocalTime/ZonedDateTime/"
                    + "OffsetDateTime.now() (any overload without a Clock), System.currentTimeMillis(), "
                    + "System.nanoTime(), Clock.system*(), InstantSource.system(), UUID.randomUUID()",
            access -> access.getTarget() instanceof CodeUnitAccessTarget target && isAmbientSource(target));

    private static boolean isAmbientSource(CodeUnitAccessTarget target) {
        JavaClass owner = target.getOwner();
        return AMBIENT_SOURCES.entrySet().stream()
                .anyMatch(source -> owner.isEquivalentTo(source.getKey())
                        && source.getValue().contains(target.getName())
                        && target.getRawParameterTypes().stream().noneMatch(type -> type.isAssignableTo(Clock.class)));
    }

    @ArchTest
    public static final ArchRule DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN, APPLICATION)
            .should(accessTargetWhere(READS_SYSTEM_CLOCK_OR_MINTS_RANDOM_ID))
            .because("time comes in as an InstantSource and ids as an IdSupplier, so every rule can be "
                    + "proved at a chosen instant with chosen ids");

    // ---------------------------------------------------------------------------------------------
    // c. ports hold interfaces, records and enums only
    // ---------------------------------------------------------------------------------------------

    static final ArchCondition<JavaClass> BE_AN_INTERFACE_RECORD_OR_ENUM =
            new ArchCondition<>("be an interface, a record, an enum or an annotation") {
                @Override
                public void check(JavaClass type, ConditionEvents events) {
                    boolean allowed = type.isInterface() || type.isAnnotation() || type.isRecord() || type.isEnum();
                    String kind = type.isInterface() || type.isAnnotation()
                            ? "an interface"
                            : type.isRecord()
                                    ? "a record"
                                    : type.isEnum()
                                            ? "an enum"
                                            : type.getModifiers().contains(JavaModifier.ABSTRACT)
                                                    ? "an abstract class"
                                                    : "a plain class";
                    events.add(new SimpleConditionEvent(
                            type,
                            allowed,
                            "Class <" + type.getName() + "> is " + kind + " in " + type.getSourceCodeLocation()));
                }
            };

    @ArchTest
    public static final ArchRule PORTS_ARE_INTERFACES_RECORDS_AND_ENUMS = classes()
            .that()
            .resideInAPackage(PORTS)
            .and()
            .doNotHaveModifier(JavaModifier.SYNTHETIC)
            .should(BE_AN_INTERFACE_RECORD_OR_ENUM)
            .because("ports are the hexagon's edge: contracts and data, no behaviour to inherit "
                    + "(compiler-generated synthetic classes such as enum switch maps are not source types)");

    // ---------------------------------------------------------------------------------------------
    // d. layering
    // ---------------------------------------------------------------------------------------------

    @ArchTest
    public static final ArchRule PORTS_DEPEND_ON_JDK_DOMAIN_AND_PORTS_ONLY = classes()
            .that()
            .resideInAPackage(PORTS)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(JDK, DOMAIN, PORTS)
            .because("ports speak the domain's language and nothing else");

    @ArchTest
    public static final ArchRule APPLICATION_DEPENDS_ON_JDK_DOMAIN_AND_PORTS_ONLY = classes()
            .that()
            .resideInAPackage(APPLICATION)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(JDK, DOMAIN, PORTS, APPLICATION)
            .because("use cases reach the world through ports.out only");

    @ArchTest
    public static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER = slices().matching(ADAPTER_SLICES)
            .namingSlices("adapter '$1'")
            .should()
            .notDependOnEachOther()
            .because("each adapter is replaceable on its own; only app wires them together");

    @ArchTest
    public static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_APPLICATION_OR_APP = noClasses()
            .that()
            .resideInAPackage(ADAPTERS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(APPLICATION, APP)
            .because("adapters implement ports.out and call ports.in; they never see the services or the wiring");

    // ---------------------------------------------------------------------------------------------
    // e. one public entry per adapter, internals package-private
    // ---------------------------------------------------------------------------------------------

    /**
     * jOOQ's classes, generated at build time from the migrations into their own packages, must be
     * public for the repositories to use them; they are code the build writes, not internals a person
     * could expose by mistake, so this rule leaves them out.
     */
    static final String GENERATED_SCHEMA = "ai.kaptura.adapter.persistence.schema";

    static final ArchCondition<Slice> HAVE_ONE_PUBLIC_ENTRY_AND_PACKAGE_PRIVATE_INTERNALS =
            new ArchCondition<>(
                    "have at most one public top-level class, their entry, and no other public class than the "
                            + "types declared inside that entry") {
                @Override
                public void check(Slice adapter, ConditionEvents events) {
                    List<JavaClass> publicClasses = adapter.stream()
                            .filter(type -> !type.getPackageName().startsWith(GENERATED_SCHEMA))
                            .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC))
                            .sorted(Comparator.comparing(JavaClass::getName))
                            .toList();
                    List<JavaClass> publicTopLevel = publicClasses.stream()
                            .filter(JavaClass::isTopLevelClass)
                            .toList();
                    // A type declared inside the entry (a record of its settings, say) is part of the entry's
                    // signature.
                    List<JavaClass> publicNested = publicClasses.stream()
                            .filter(type -> !type.isTopLevelClass())
                            .filter(type -> !declaredInsidePublicEntry(type))
                            .toList();

                    boolean violated = false;
                    if (publicTopLevel.size() > 1) {
                        violated = true;
                        events.add(SimpleConditionEvent.violated(
                                adapter,
                                adapter.getDescription() + " has "
                                        + publicTopLevel.size()
                                        + " public top-level classes, at most one (its entry) may be public: "
                                        + names(publicTopLevel)));
                    }
                    for (JavaClass nested : publicNested) {
                        violated = true;
                        events.add(SimpleConditionEvent.violated(
                                nested,
                                adapter.getDescription() + ": nested class <"
                                        + nested.getName()
                                        + "> is public; only the adapter's top-level entry may be public "
                                        + "in " + nested.getSourceCodeLocation()));
                    }
                    if (!violated) {
                        events.add(SimpleConditionEvent.satisfied(
                                adapter,
                                adapter.getDescription() + " exposes "
                                        + (publicTopLevel.isEmpty() ? "no public class" : names(publicTopLevel))));
                    }
                }
            };

    /** Whether {@code type} is nested, through public types only, in a public top-level class. */
    private static boolean declaredInsidePublicEntry(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
            if (!outer.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return outer != type && outer.isTopLevelClass();
    }

    private static String names(List<JavaClass> types) {
        return types.stream().map(type -> "<" + type.getName() + ">").collect(Collectors.joining(", "));
    }

    @ArchTest
    public static final ArchRule ADAPTERS_EXPOSE_ONE_PUBLIC_ENTRY = slices().matching(ADAPTER_SLICES)
            .namingSlices("adapter '$1'")
            .should(HAVE_ONE_PUBLIC_ENTRY_AND_PACKAGE_PRIVATE_INTERNALS)
            .because("app wires an adapter through its one entry; everything else is an internal that may change");

    // ---------------------------------------------------------------------------------------------
    // f. each vendor library only in its own module
    // ---------------------------------------------------------------------------------------------

    private static ArchRule vendorOnlyIn(String vendor, String[] ownPackages, String... vendorPackages) {
        return noClasses()
                .that()
                .resideOutsideOfPackages(ownPackages)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(vendorPackages)
                .because(vendor + " is an implementation detail of " + String.join(" and ", ownPackages));
    }

    @ArchTest
    public static final ArchRule JAVALIN_ONLY_IN_HTTP_ADAPTER =
            vendorOnlyIn("Javalin", new String[] {"ai.kaptura.adapter.http.."}, "io.javalin..");

    @ArchTest
    public static final ArchRule DATABASE_LIBRARIES_ONLY_IN_PERSISTENCE_ADAPTER = vendorOnlyIn(
            "The database stack (jOOQ, HikariCP, Flyway, db-scheduler, bucket4j, H2, PostgreSQL JDBC)",
            new String[] {"ai.kaptura.adapter.persistence.."},
            "org.jooq..",
            "com.zaxxer.hikari..",
            "org.flywaydb..",
            "com.github.kagkarlsson..",
            "io.github.bucket4j..",
            "org.h2..",
            "org.postgresql..");

    @ArchTest
    public static final ArchRule STRIPE_ONLY_IN_STRIPE_ADAPTER =
            vendorOnlyIn("stripe-java", new String[] {"ai.kaptura.adapter.stripe.."}, "com.stripe..");

    @ArchTest
    public static final ArchRule JCLOUDS_ONLY_IN_STORAGE_ADAPTER =
            vendorOnlyIn("Apache jclouds", new String[] {"ai.kaptura.adapter.storage.."}, "org.jclouds..");

    @ArchTest
    public static final ArchRule FEIGN_ONLY_IN_ASTRIA_AND_EMAIL_ADAPTERS = vendorOnlyIn(
            "OpenFeign", new String[] {"ai.kaptura.adapter.astria..", "ai.kaptura.adapter.email.."}, "feign..");

    @ArchTest
    public static final ArchRule DEPENDENCY_INJECTION_ONLY_IN_APP = vendorOnlyIn(
            "Dependency injection (Dagger, javax.inject, jakarta.inject)",
            new String[] {APP},
            "dagger..",
            "javax.inject..",
            "jakarta.inject..");

    // ---------------------------------------------------------------------------------------------
    // g. app is wiring only: nothing depends on it
    // ---------------------------------------------------------------------------------------------

    @ArchTest
    public static final ArchRule NOTHING_DEPENDS_ON_APP = noClasses()
            .that()
            .resideOutsideOfPackage(APP)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(APP)
            .because("app holds the wiring only; no other module may know it");
}
