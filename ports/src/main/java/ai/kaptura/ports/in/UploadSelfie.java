package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.shared.Rejection;
import java.io.InputStream;

/**
 * Adds a selfie to a draft order (R4: before consent, only into the private draft), or removes one.
 * The upload is checked and stripped of metadata before anything is stored (R37).
 */
public interface UploadSelfie {

    record Upload(AccountId account, OrderId order, InputStream content) {}

    record Remove(AccountId account, OrderId order, SelfieId selfie) {}

    sealed interface Outcome {
        record Uploaded(SelfieId selfie, int selfiesInOrder) implements Outcome {}

        record Removed(SelfieId selfie) implements Outcome {}

        record Refused(Rejection why) implements Outcome {}
    }

    Outcome upload(Upload command);

    Outcome remove(Remove command);
}
