package ai.kaptura.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.kaptura.architecture.fixture.catalogue.ImplementsNothing;
import ai.kaptura.architecture.fixture.catalogue.KeepsSelfieRules;
import ai.kaptura.domain.rule.Rule;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the catalogue is (a) implemented somewhere, named by {@code @Implements} on a main
 * class of some module, and (b) tested somewhere, by a test carrying its id as a JUnit tag in some
 * module's {@code src/test/java}. Also prints the auditor's map, rule to classes to tests.
 */
class RuleCatalogueTest {

    private static JavaClasses mainClasses;
    private static Map<Rule, SortedSet<String>> realImplementers;
    private static Path root;
    private static SortedMap<Path, String> realTestSources;
    private static SortedMap<String, Integer> realTags;

    @BeforeAll
    static void readTheRealCode() {
        mainClasses = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("ai.kaptura");
        realImplementers = RuleCatalogue.implementers(mainClasses);
        root = RuleCatalogue.repositoryRoot(Path.of(""));
        realTestSources = RuleCatalogue.testSources(root);
        realTags = RuleCatalogue.ruleTags(realTestSources.values());
    }

    /** Builds a Java string literal without writing the characters of a tag into this file. */
    private static String quoted(String text) {
        return '"' + text + '"';
    }

    private static String tag(String id) {
        return "@Tag(" + quoted(id) + ")";
    }

    @Test
    void every_rule_is_implemented_somewhere() {
        RuleCatalogue.implementationGaps(realImplementers).ifPresent(gaps -> fail(gaps));
    }

    @Test
    void every_rule_is_tested_somewhere() {
        RuleCatalogue.testGaps(realTags).ifPresent(gaps -> fail(gaps));
    }

    /**
     * R50: the auditor's bundle says where each rule is kept and tested from a file in the app's resources; this test
     * keeps that file true. When the code changes, rewrite it with
     * {@code ./kaptura test -pl app -am -Dtest=RuleCatalogueTest -Dkaptura.writeRuleIndex=true}.
     */
    @Test
    @org.junit.jupiter.api.Tag("R50")
    void the_rule_index_in_the_auditors_bundle_is_the_code_as_it_is() throws java.io.IOException {
        String expected = RuleCatalogue.index(realImplementers, RuleCatalogue.testClasses(realTestSources));
        Path file = root.resolve("app/src/main/resources/ai/kaptura/app/rule-index.tsv");
        if (Boolean.getBoolean("kaptura.writeRuleIndex")) {
            java.nio.file.Files.writeString(file, expected, java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8))
                .as(root.relativize(file) + " no longer says where each rule is kept and tested: rewrite it with"
                        + " ./kaptura test -pl app -am -Dtest=RuleCatalogueTest -Dkaptura.writeRuleIndex=true")
                .isEqualTo(expected);
    }

    @Test
    void prints_the_auditors_map() {
        String report = RuleCatalogue.report(realImplementers, realTags);
        System.out.println(report);

        assertThat(report.lines().filter(line -> line.matches("R\\d+ +.*")).map(line -> line.split(" ")[0]))
                .containsExactly(Arrays.stream(Rule.values()).map(Rule::id).toArray(String[]::new));
    }

    @Nested
    class TheImplementationCheck {

        @Test
        void reads_the_annotation_of_the_real_main_classes_and_not_of_test_classes() {
            assertThat(mainClasses.contain("ai.kaptura.domain.rule.Rule")).isTrue();
            assertThat(realImplementers.get(Rule.R46)).contains("ai.kaptura.domain.audit.AuditChain");
            assertThat(realImplementers.values())
                    .allSatisfy(classes ->
                            assertThat(classes).noneMatch(name -> name.startsWith("ai.kaptura.architecture")));
        }

        @Test
        void reports_every_rule_no_class_names_by_id_and_title() {
            JavaClasses fixtures = new ClassFileImporter()
                    .importClasses(
                            KeepsSelfieRules.class, KeepsSelfieRules.DeletesSelfies.class, ImplementsNothing.class);
            Map<Rule, SortedSet<String>> implementers = RuleCatalogue.implementers(fixtures);

            assertThat(implementers.get(Rule.R1)).containsExactly(KeepsSelfieRules.class.getName());
            assertThat(implementers.get(Rule.R10))
                    .containsExactly(KeepsSelfieRules.class.getName(), KeepsSelfieRules.DeletesSelfies.class.getName());
            assertThat(RuleCatalogue.notImplemented(implementers))
                    .contains(Rule.R46, Rule.R18)
                    .doesNotContain(Rule.R1, Rule.R10)
                    .hasSize(Rule.values().length - 2);
            assertReportNames(RuleCatalogue.implementationGaps(implementers), Rule.R46, "R1 - ", "R10 - ");
        }

        @Test
        void is_satisfied_when_every_rule_is_named() {
            Map<Rule, Collection<String>> complete = new EnumMap<>(Rule.class);
            for (Rule rule : Rule.values()) {
                complete.put(rule, List.of("Somewhere"));
            }
            assertThat(RuleCatalogue.implementationGaps(complete)).isEmpty();
        }
    }

    @Nested
    class TheTestCheck {

        @Test
        void finds_the_repository_and_its_test_sources() {
            assertThat(root.resolve("core-domain")).isDirectory();
            assertThat(root.resolve("app/pom.xml")).isRegularFile();
            assertThat(realTestSources.keySet())
                    .contains(Path.of("app/src/test/java/ai/kaptura/architecture/RuleCatalogueTest.java"))
                    .allMatch(path ->
                            path.getNameCount() > 4 && path.subpath(1, 4).equals(Path.of("src/test/java")));
        }

        @Test
        void counts_tags_on_tests_and_reports_a_rule_without_one_by_id_and_title() {
            String source = String.join(
                    "\n",
                    "package x;",
                    "import org.junit.jupiter.api.Tag;",
                    "class SelfieTest {",
                    "  @Test " + tag("R1") + " void one() {}",
                    "  @Test @org.junit.jupiter.api.Tag(value = " + quoted("R46") + ") void two() {}",
                    "  @Test @Tags({" + tag("R1") + ", " + tag("R2") + "}) void three() {}",
                    "}");

            SortedMap<String, Integer> tags = RuleCatalogue.ruleTags(List.of(source));

            assertThat(tags).containsExactly(Map.entry("R1", 2), Map.entry("R2", 1), Map.entry("R46", 1));
            assertThat(RuleCatalogue.notTested(tags)).contains(Rule.R10).doesNotContain(Rule.R1, Rule.R2, Rule.R46);
            assertReportNames(RuleCatalogue.testGaps(tags), Rule.R10, "R1 - ", "R46 - ");
        }

        @Test
        void ignores_tags_in_comments_strings_and_text_blocks_and_other_annotations() {
            String textBlockQuotes = "\"\"\"";
            String source = String.join(
                    "\n",
                    "class NotReallyTagged {",
                    "  // " + tag("R10") + " commented out",
                    "  /* " + tag("R10") + " */",
                    "  String s = \"@Tag(\\\"R10\\\")\";",
                    "  String t = " + textBlockQuotes,
                    "      " + tag("R10"),
                    "      " + textBlockQuotes + ";",
                    "  char quote = '\"';",
                    "  @Other(" + quoted("R10") + ") @Tag(" + quoted("slow") + ") void test() {}",
                    "}");

            assertThat(RuleCatalogue.ruleTags(List.of(source))).isEmpty();
            assertThat(RuleCatalogue.notTested(RuleCatalogue.ruleTags(List.of(source))))
                    .contains(Rule.R10);
        }

        @Test
        void reports_tags_naming_no_rule() {
            SortedMap<String, Integer> tags =
                    RuleCatalogue.ruleTags(List.of("class T { " + tag("R999") + " void t() {} }"));

            assertThat(RuleCatalogue.unknownTagIds(tags)).containsExactly("R999");
            assertThat(RuleCatalogue.report(Map.of(), tags)).contains("Tags naming no rule of the catalogue: R999");
        }
    }

    /** Asserts that there is a gap report, naming {@code missing} by id and title and holding none of {@code notNamed}. */
    private static void assertReportNames(Optional<String> report, Rule missing, String... notNamed) {
        assertThat(report)
                .hasValueSatisfying(message -> assertThat(message)
                        .contains(missing.name() + " - " + missing.title())
                        .doesNotContain(notNamed));
    }
}
