package ai.kaptura.application.privacy;

import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.ports.out.PrivacyRequests;
import java.time.Instant;
import java.util.List;

/** Privacy requests answered the moment they are made (access, rectification, withdrawal): recorded as completed. */
final class AnsweredRequests {

    private AnsweredRequests() {}

    /** Saves a request of {@code kind} by {@code account}, received electronically and completed at {@code now}. */
    static PrivacyRequest record(
            PrivacyRequests requests,
            IdSupplier ids,
            Settings settings,
            AccountId account,
            RequestKind kind,
            Instant now) {
        return record(requests, ids, settings, account, kind, Channel.ELECTRONIC, now, now);
    }

    /** As above, for a request that reached us by {@code channel} at {@code receivedAt} and was answered {@code now}. */
    static PrivacyRequest record(
            PrivacyRequests requests,
            IdSupplier ids,
            Settings settings,
            AccountId account,
            RequestKind kind,
            Channel channel,
            Instant receivedAt,
            Instant now) {
        PrivacyRequest received = PrivacyRequest.receive(
                new PrivacyRequestId(ids.next()), account, kind, channel, receivedAt, settings.calendar(), List.of());
        return requests.save(received.complete(now).orElseThrow());
    }
}
