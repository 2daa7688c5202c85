package ai.kaptura.app;

import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.Notice;
import ai.kaptura.domain.policy.NoticeKind;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** What an installation sells and the first policy it publishes: the plans, their styles and the notice texts. */
final class Catalogue {

    static final NoticeVersion FIRST_POLICY = new NoticeVersion("2026-11");

    static final Style STUDIO = new Style(
            new StyleId("studio-grey"),
            "Studio grey",
            "A professional studio headshot on a plain grey background, soft key light, sharp focus");
    static final Style OFFICE = new Style(
            new StyleId("bright-office"),
            "Bright office",
            "A business portrait in a bright modern office, natural window light, shallow depth of field");
    static final Style OUTDOOR = new Style(
            new StyleId("city-outdoor"),
            "City outdoor",
            "An outdoor portrait in a city street, golden-hour light, blurred background");
    static final Style DARK = new Style(
            new StyleId("dark-editorial"),
            "Dark editorial",
            "An editorial portrait on a dark background, dramatic side light");

    private Catalogue() {}

    static List<Plan> plans() {
        return List.of(
                new Plan(
                        new PlanId("starter"),
                        "Starter",
                        8,
                        2,
                        Money.of(1900, "EUR"),
                        List.of(STUDIO, OFFICE, OUTDOOR, DARK)),
                new Plan(
                        new PlanId("professional"),
                        "Professional",
                        24,
                        4,
                        Money.of(3900, "EUR"),
                        List.of(STUDIO, OFFICE, OUTDOOR, DARK)));
    }

    /** The first policy version, in English, effective at {@code at}: material for biometric processing (R9). */
    static PolicyVersion firstPolicy(Instant at) {
        List<Notice> notices = Arrays.stream(NoticeKind.values())
                .map(kind -> new Notice(kind, Language.ENGLISH, text(kind)))
                .toList();
        return new PolicyVersion(FIRST_POLICY, at, true, "First published version", notices);
    }

    private static String text(NoticeKind kind) {
        String name = "policy/" + kind.name() + ".txt";
        try (InputStream in = Catalogue.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The notice text " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
