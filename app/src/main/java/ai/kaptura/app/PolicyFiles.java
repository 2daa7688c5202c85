package ai.kaptura.app;

import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.Notice;
import ai.kaptura.domain.policy.NoticeKind;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.shared.InvalidInput;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A policy version as an operator writes it, in one directory: {@code policy.properties} ({@code version},
 * {@code effective-at} as an ISO-8601 instant, {@code material-for-biometrics} {@code true} or {@code false},
 * {@code summary}) and one UTF-8 text per notice and language, named {@code <notice>.<language>.txt}:
 * {@code biometric-processing}, {@code vendor-disclosure}, {@code adult-attestation} and {@code privacy-policy},
 * such as {@code privacy-policy.en.txt}. The domain then checks that every language has every notice (R5, R6).
 */
final class PolicyFiles {

    static final String PROPERTIES = "policy.properties";
    private static final Pattern NOTICE_FILE = Pattern.compile("([a-z-]+)\\.([A-Za-z-]{2,8})\\.txt");
    private static final Set<String> KEYS = Set.of("version", "effective-at", "material-for-biometrics", "summary");

    /** What is wrong with the files, naming the file and, where there is one, the key. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private PolicyFiles() {}

    static PolicyVersion read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new Invalid(dir + " is not a directory (it holds " + PROPERTIES
                    + " and one <notice>.<language>.txt per notice)");
        }
        Properties p = properties(dir.resolve(PROPERTIES));
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new Invalid(PROPERTIES + ": unknown key '" + key + "' (known: version, effective-at, "
                        + "material-for-biometrics, summary)");
            }
        }
        String material = required(p, "material-for-biometrics");
        if (!material.equals("true") && !material.equals("false")) {
            throw new Invalid(PROPERTIES + ": material-for-biometrics must be true or false, not '" + material + "'");
        }
        Instant effectiveAt;
        try {
            effectiveAt = Instant.parse(required(p, "effective-at"));
        } catch (DateTimeParseException e) {
            throw new Invalid(PROPERTIES + ": effective-at must be an instant such as 2026-12-15T00:00:00Z, not '"
                    + p.getProperty("effective-at") + "'");
        }
        try {
            return new PolicyVersion(
                    new NoticeVersion(required(p, "version")),
                    effectiveAt,
                    Boolean.parseBoolean(material),
                    required(p, "summary"),
                    notices(dir));
        } catch (InvalidInput e) {
            throw new Invalid(e.getMessage());
        }
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Invalid(file + " is missing");
        } catch (IOException e) {
            throw new Invalid(file + " cannot be read: " + e.getMessage());
        }
        return p;
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new Invalid(PROPERTIES + ": '" + key + "' is missing");
        }
        return value.strip();
    }

    private static List<Notice> notices(Path dir) {
        List<Notice> notices = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.equals(PROPERTIES)) {
                    continue;
                }
                Matcher m = NOTICE_FILE.matcher(name);
                NoticeKind kind = m.matches() ? kind(m.group(1)) : null;
                if (kind == null) {
                    throw new Invalid(
                            name + ": not a notice file; name notices <notice>.<language>.txt with <notice> one of "
                                    + "biometric-processing, vendor-disclosure, adult-attestation, privacy-policy");
                }
                try {
                    notices.add(new Notice(kind, Language.of(m.group(2)), text(file)));
                } catch (InvalidInput e) {
                    throw new Invalid(name + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new Invalid(dir + " cannot be listed: " + e.getMessage());
        }
        return notices;
    }

    private static NoticeKind kind(String name) {
        for (NoticeKind kind : NoticeKind.values()) {
            if (kind.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(name)) {
                return kind;
            }
        }
        return null;
    }

    private static String text(Path file) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString()
                    .strip();
        } catch (CharacterCodingException e) {
            throw new Invalid(file.getFileName() + " is not UTF-8 text");
        } catch (IOException e) {
            throw new Invalid(file.getFileName() + " cannot be read: " + e.getMessage());
        }
    }
}
