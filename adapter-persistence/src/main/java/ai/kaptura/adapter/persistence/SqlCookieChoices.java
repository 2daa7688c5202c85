package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.COOKIE_CHOICES;

import ai.kaptura.adapter.persistence.schema.tables.records.CookieChoicesRecord;
import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.cookie.CookieChoice;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.ports.out.CookieChoices;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link CookieChoices} in the {@code cookie_choices} table, every choice a row with its banner version
 * (R41). Of two choices made at the same instant, the one recorded last is the latest.
 */
record SqlCookieChoices(Database db) implements CookieChoices {

    @Override
    public void record(CookieChoice choice) {
        db.run(() -> db.ctx()
                .insertInto(COOKIE_CHOICES)
                .set(COOKIE_CHOICES.VISITOR_ID, choice.visitor().value())
                .set(COOKIE_CHOICES.ANALYTICS, choice.analytics())
                .set(COOKIE_CHOICES.BANNER, choice.banner().value())
                .set(COOKIE_CHOICES.MADE_AT, choice.at())
                .execute());
    }

    @Override
    public Optional<CookieChoice> latest(VisitorId visitor) {
        return db.inTransaction(() -> db.ctx()
                .selectFrom(COOKIE_CHOICES)
                .where(COOKIE_CHOICES.VISITOR_ID.eq(visitor.value()))
                .orderBy(COOKIE_CHOICES.MADE_AT.desc(), COOKIE_CHOICES.SEQ.desc())
                .limit(1)
                .fetchOptional()
                .map(SqlCookieChoices::choice));
    }

    @Override
    public int deleteMadeBefore(Instant before) {
        return db.delete(COOKIE_CHOICES, COOKIE_CHOICES.MADE_AT.lt(before));
    }

    private static CookieChoice choice(CookieChoicesRecord r) {
        return new CookieChoice(
                new VisitorId(r.getVisitorId()), r.getAnalytics(), new BannerVersion(r.getBanner()), r.getMadeAt());
    }
}
