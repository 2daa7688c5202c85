package ai.kaptura.domain.archfixture;

import ai.kaptura.domain.rule.Rule;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Keeps rules a and b: only java.. and ai.kaptura.domain.., and time and ids handed in. The positive
 * control that shows the domain rules do not reject everything.
 */
public record PureDomainValue(UUID id, Instant at, List<Rule> rules, byte[] digest, int count) {

    public static PureDomainValue of(Supplier<UUID> ids, InstantSource clock, Clock zoned, InputStream ignored) {
        LocalDate day = LocalDate.now(zoned);
        Instant at = Instant.now(zoned).isAfter(clock.instant()) ? clock.instant() : Instant.EPOCH;
        byte[] digest = day.toString().getBytes(StandardCharsets.UTF_8);
        return new PureDomainValue(ids.get(), at, List.of(Rule.values()), digest, digest.length);
    }
}
