package ai.kaptura.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The licence check of the parent POM (license-maven-plugin's {@code add-third-party}, bound in every module) is
 * not vacuous: a module with one dependency under a licence outside the allow-list fails the build, and the
 * build's output names that dependency and its licence. The module is the fixture under
 * {@code build-tools/licence-fixture}, whose parent is Kaptura's own POM (so the real allow-list is what refuses
 * it), and whose dependency is a made-up library under the GPL alone, a module of that small reactor: Maven runs
 * offline, with what this build already brought into the local repository.
 */
class LicenceCheckTest {

    private static final String FORBIDDEN = "org.example.fixture:gpl-only-library:1.0";

    @Test
    void a_dependency_under_a_licence_outside_the_allow_list_fails_the_build_naming_it()
            throws IOException, InterruptedException {
        Path fixture = RuleCatalogue.repositoryRoot(Path.of("")).resolve("build-tools/licence-fixture");
        assertThat(fixture.resolve("pom.xml")).as("the licence-check fixture").isRegularFile();
        Path log = Files.createTempFile("licence-fixture", ".log");
        try {
            Process maven = new ProcessBuilder(List.of("mvn", "-B", "-o", "generate-resources"))
                    .directory(fixture.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!maven.waitFor(3, TimeUnit.MINUTES)) {
                maven.destroyForcibly();
                fail("mvn on the licence fixture did not finish within 3 minutes; its output:%n%s", read(log));
            }
            String output = read(log);

            assertThat(maven.exitValue())
                    .as("exit code of mvn on the licence fixture; output:%n%s", output)
                    .isNotZero();
            assertThat(output)
                    .as("the failure is the licence check's, naming the dependency and its licence")
                    .contains("There are some forbidden licenses used")
                    .contains("License: 'GNU General Public License v3.0 only' used by 1 dependencies")
                    .contains(FORBIDDEN);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
