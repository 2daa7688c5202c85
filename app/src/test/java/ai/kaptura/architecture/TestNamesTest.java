package ai.kaptura.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One naming convention for tests across every module: a test method says what holds, in snake_case
 * ({@code a_paid_order_is_refunded_when_training_fails}), so that a failing test reads as the broken promise.
 */
class TestNamesTest {

    /** A JUnit test annotation, then any further annotations, then the method's name. */
    private static final Pattern TEST_METHOD = Pattern.compile(
            "@(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b[^\\n]*\\n(?:\\s*@[^\\n]*\\n)*\\s*"
                    + "(?:public\\s+|protected\\s+|private\\s+)?(?:static\\s+)?(?:final\\s+)?[\\w<>\\[\\], ?]+\\s+(\\w+)\\s*\\(");

    @Test
    void every_test_method_in_every_module_is_named_in_snake_case() throws IOException {
        Path root = RuleCatalogue.repositoryRoot(Path.of(""));
        List<String> camel = new ArrayList<>();
        int tests = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(TestNamesTest::isTestSource).toList()) {
                Matcher m = TEST_METHOD.matcher(read(file));
                while (m.find()) {
                    tests++;
                    if (!m.group(1).matches("[a-z0-9_]+")) {
                        camel.add(root.relativize(file) + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(tests).as("test methods found").isGreaterThan(1000);
        assertThat(camel).as("test methods not in snake_case").isEmpty();
    }

    @Test
    void the_check_sees_a_camel_case_test_name() {
        Matcher m = TEST_METHOD.matcher("    @" + "Test\n    @Tag(\"R1\")\n    void aPaidOrderIsRefunded() {\n");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("aPaidOrderIsRefunded").doesNotMatch("[a-z0-9_]+");
    }

    private static boolean isTestSource(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java")
                && path.contains("/src/test/java/")
                && !path.contains("/target/")
                && !path.contains("/build-tools/");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
