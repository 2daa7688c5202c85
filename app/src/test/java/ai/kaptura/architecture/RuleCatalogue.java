package ai.kaptura.architecture;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The auditor's map from the {@link Rule} catalogue to code and tests, as pure functions of their
 * inputs: a set of classes (for {@link Implements}) and a set of Java source texts (for
 * {@code @Tag("R<n>")}). {@link RuleCatalogueTest} feeds them the real code and, to prove they can
 * fail, deliberately incomplete inputs.
 */
final class RuleCatalogue {

    private static final Pattern RULE_ID = Pattern.compile("R\\d+");
    private static final Set<String> TAG_ANNOTATION_NAMES = Set.of("Tag", "org.junit.jupiter.api.Tag");

    private RuleCatalogue() {}

    // ------------------------------------------------------------------ (a) implemented somewhere

    /** For every rule, the classes whose {@code @Implements} names it (empty set when none does). */
    static Map<Rule, SortedSet<String>> implementers(Iterable<JavaClass> classes) {
        Map<Rule, SortedSet<String>> byRule = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            byRule.put(rule, new TreeSet<>());
        }
        for (JavaClass type : classes) {
            type.tryGetAnnotationOfType(Implements.class).ifPresent(implemented -> {
                for (Rule rule : implemented.value()) {
                    byRule.get(rule).add(type.getName());
                }
            });
        }
        return byRule;
    }

    static List<Rule> notImplemented(Map<Rule, ? extends Collection<String>> implementers) {
        return Arrays.stream(Rule.values())
                .filter(rule -> classesOf(implementers, rule).isEmpty())
                .toList();
    }

    private static Collection<String> classesOf(Map<Rule, ? extends Collection<String>> implementers, Rule rule) {
        Collection<String> classes = implementers.get(rule);
        return classes == null ? List.of() : classes;
    }

    /** The failure an auditor reads when some rule is implemented nowhere; empty when all are. */
    static Optional<String> implementationGaps(Map<Rule, ? extends Collection<String>> implementers) {
        List<Rule> missing = notImplemented(implementers);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(missing.size() + " rule(s) of the catalogue are implemented nowhere: no main class carries "
                + "@Implements naming them:\n" + listing(missing));
    }

    // ------------------------------------------------------------------ (b) tested somewhere

    /**
     * Counts {@code @Tag("R<n>")} annotations (also {@code @org.junit.jupiter.api.Tag(value = "R<n>")}, and
     * inside {@code @Tags}) per rule id, in real code only: comments, string literals and text blocks
     * are not annotations and do not count. Ids the catalogue does not know are kept, so they can be
     * reported.
     */
    static SortedMap<String, Integer> ruleTags(Collection<String> javaSources) {
        SortedMap<String, Integer> counts = new TreeMap<>(RuleCatalogue::compareIds);
        for (String source : javaSources) {
            for (String id : tagIds(JavaTokens.tokenize(source))) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static List<String> tagIds(List<JavaTokens.Token> tokens) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).isPunct("@")) {
                continue;
            }
            int j = i + 1;
            StringBuilder name = new StringBuilder();
            while (j < tokens.size() && tokens.get(j).kind() == JavaTokens.Kind.IDENTIFIER) {
                name.append(tokens.get(j).text());
                if (j + 2 < tokens.size()
                        && tokens.get(j + 1).isPunct(".")
                        && tokens.get(j + 2).kind() == JavaTokens.Kind.IDENTIFIER) {
                    name.append('.');
                    j += 2;
                } else {
                    j++;
                    break;
                }
            }
            if (!TAG_ANNOTATION_NAMES.contains(name.toString())
                    || j >= tokens.size()
                    || !tokens.get(j).isPunct("(")) {
                continue;
            }
            j++;
            if (j + 1 < tokens.size()
                    && tokens.get(j).isIdentifier("value")
                    && tokens.get(j + 1).isPunct("=")) {
                j += 2;
            }
            if (j + 1 < tokens.size()
                    && tokens.get(j).kind() == JavaTokens.Kind.STRING
                    && RULE_ID.matcher(tokens.get(j).text()).matches()
                    && tokens.get(j + 1).isPunct(")")) {
                ids.add(tokens.get(j).text());
            }
        }
        return ids;
    }

    static List<Rule> notTested(Map<String, Integer> tagCounts) {
        return Arrays.stream(Rule.values())
                .filter(rule -> tagCounts.getOrDefault(rule.id(), 0) == 0)
                .toList();
    }

    /** The failure an auditor reads when some rule has no tagged test; empty when all have one. */
    static Optional<String> testGaps(Map<String, Integer> tagCounts) {
        List<Rule> missing = notTested(tagCounts);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(missing.size() + " rule(s) of the catalogue have no test: no test source carries "
                + "@Tag(\"<id>\") for them:\n" + listing(missing));
    }

    /** Tag ids that name no rule of the catalogue (a typo or a retired rule). */
    static SortedSet<String> unknownTagIds(Map<String, Integer> tagCounts) {
        Set<String> known = Arrays.stream(Rule.values()).map(Rule::id).collect(Collectors.toSet());
        return tagCounts.keySet().stream()
                .filter(id -> !known.contains(id))
                .collect(Collectors.toCollection(() -> new TreeSet<>(RuleCatalogue::compareIds)));
    }

    // ------------------------------------------------------------------ the sources on disk

    /**
     * The reactor root: the app module's working directory's parent (Surefire runs in the module's
     * directory), or the working directory itself when run from the root.
     */
    static Path repositoryRoot(Path workingDirectory) {
        Path start = workingDirectory.toAbsolutePath().normalize();
        for (Path candidate :
                Stream.of(start, start.getParent()).filter(Objects::nonNull).toList()) {
            Path pom = candidate.resolve("pom.xml");
            if (Files.isRegularFile(pom)
                    && read(pom).contains("<artifactId>kaptura-parent</artifactId>")
                    && Files.isDirectory(candidate.resolve("core-domain"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "No Kaptura reactor root (pom.xml of kaptura-parent) at " + start + " or its parent");
    }

    /** Every {@code <module>/src/test/java/**}{@code /*.java} under the root, by path. */
    static SortedMap<Path, String> testSources(Path root) {
        SortedMap<Path, String> sources = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path testRoot : modules.map(module -> module.resolve("src/test/java"))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(testRoot)) {
                    files.filter(file -> file.toString().endsWith(".java") && Files.isRegularFile(file))
                            .forEach(file -> sources.put(root.relativize(file), read(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ the auditor's report

    static String report(Map<Rule, ? extends Collection<String>> implementers, Map<String, Integer> tagCounts) {
        StringBuilder out =
                new StringBuilder("Kaptura rule catalogue: rule -> implementing classes -> @Tag'ed tests\n");
        for (Rule rule : Rule.values()) {
            Collection<String> classes = classesOf(implementers, rule);
            int tests = tagCounts.getOrDefault(rule.id(), 0);
            out.append(String.format("%-4s %s%n", rule.id(), rule.title()));
            out.append("     implemented by: ")
                    .append(classes.isEmpty() ? "NOTHING" : String.join(", ", classes))
                    .append('\n');
            out.append("     tagged tests:   ")
                    .append(tests)
                    .append(tests == 0 ? "  <- NONE" : "")
                    .append('\n');
        }
        out.append(String.format(
                "%d rules: %d implemented, %d with tagged tests%n",
                Rule.values().length,
                Rule.values().length - notImplemented(implementers).size(),
                Rule.values().length - notTested(tagCounts).size()));
        SortedSet<String> unknown = unknownTagIds(tagCounts);
        if (!unknown.isEmpty()) {
            out.append("Tags naming no rule of the catalogue: ")
                    .append(String.join(", ", unknown))
                    .append('\n');
        }
        return out.toString();
    }

    /** For every rule id, the test classes (file names without {@code .java}) that carry a tag naming it. */
    static Map<String, SortedSet<String>> testClasses(SortedMap<Path, String> sources) {
        Map<String, SortedSet<String>> byRule = new TreeMap<>(RuleCatalogue::compareIds);
        sources.forEach((path, source) -> {
            String name = path.getFileName().toString().replaceFirst("\\.java$", "");
            for (String id : ruleTags(List.of(source)).keySet()) {
                byRule.computeIfAbsent(id, k -> new TreeSet<>()).add(name);
            }
        });
        return byRule;
    }

    /**
     * The rule index bundled for auditors: one line per rule, tab-separated: id, title, source, the classes that keep it
     * (comma-separated) and the test classes that prove it.
     */
    static String index(
            Map<Rule, ? extends Collection<String>> implementers, Map<String, ? extends Collection<String>> tests) {
        StringBuilder out = new StringBuilder("rule\ttitle\tsource\tkept_in\ttested_in\n");
        for (Rule rule : Rule.values()) {
            out.append(rule.id())
                    .append('\t')
                    .append(rule.title())
                    .append('\t')
                    .append(rule.source())
                    .append('\t')
                    .append(String.join(", ", classesOf(implementers, rule)))
                    .append('\t')
                    .append(tests.containsKey(rule.id()) ? String.join(", ", tests.get(rule.id())) : "")
                    .append('\n');
        }
        return out.toString();
    }

    static String listing(Collection<Rule> rules) {
        return rules.stream()
                .map(rule -> "  " + rule.id() + " - " + rule.title() + " (" + rule.source() + ")")
                .collect(Collectors.joining("\n"));
    }

    private static int compareIds(String a, String b) {
        boolean bothRules = RULE_ID.matcher(a).matches() && RULE_ID.matcher(b).matches();
        return bothRules
                ? Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1)))
                : a.compareTo(b);
    }
}
