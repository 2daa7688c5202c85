package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.OrderId;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** A person's delivered headshots, each with its AI marker (R43, R44). */
public interface ListHeadshots {

    List<Headshot> of(AccountId account, OrderId order);

    /** A headshot's file, if it is this person's. */
    record File(Headshot headshot, InputStream content) {}

    Optional<File> open(AccountId account, HeadshotId headshot);
}
