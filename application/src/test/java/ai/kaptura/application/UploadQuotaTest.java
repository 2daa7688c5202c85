package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.UploadQuota;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.CreateOrder;
import ai.kaptura.ports.in.DiscardOrder;
import ai.kaptura.ports.in.UploadSelfie;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.fake.FakePhotoSanitizer;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What one person may keep with us before paying is bounded, refused with a reason, and discarding makes room (R47). */
@Tag("R47")
class UploadQuotaTest {

    /** The size a photo has once sanitised, as the vault stores it. */
    private static long stored(byte[] photo) {
        PhotoSanitizer.Outcome outcome = new FakePhotoSanitizer().sanitizeSelfie(new ByteArrayInputStream(photo));
        try (PhotoSanitizer.Clean clean = ((PhotoSanitizer.Outcome.Accepted) outcome).image()) {
            return clean.size();
        }
    }

    private static CreateOrder.Command newOrder(Journey j) {
        return new CreateOrder.Command(j.account, TestKaptura.STARTER.id(), List.of(TestKaptura.STUDIO));
    }

    @Test
    void a_person_holds_at_most_the_quota_of_unpaid_orders_and_discarding_one_makes_room() {
        TestKaptura k = TestKaptura.withUploadQuota(new UploadQuota(2, 50L * 1024 * 1024))
                .withPolicy();
        Journey j = new Journey(k, "ada@example.org").signIn().order().upload(2);
        Journey second = new Journey(k, "ada@example.org").signIn().order();

        CreateOrder.Outcome third = k.orders.handle(newOrder(j));

        assertThat(third)
                .isInstanceOfSatisfying(
                        CreateOrder.Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.OPEN_ORDER_LIMIT));
        assertThat(k.orders.handle(newOrder(new Journey(k, "bob@example.org").signIn())))
                .as("another person is not limited by Ada's orders")
                .isInstanceOf(CreateOrder.Outcome.Created.class);

        DiscardOrder.Outcome discarded = k.orders.discard(new DiscardOrder.Command(j.account, j.order));
        assertThat(discarded)
                .isInstanceOfSatisfying(
                        DiscardOrder.Outcome.Discarded.class,
                        d -> assertThat(d.selfiesDue()).isEqualTo(2));
        assertThat(j.current().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(j.current().selfies()).allMatch(Selfie.PendingDeletion.class::isInstance);
        assertThat(k.orders.handle(newOrder(second))).isInstanceOf(CreateOrder.Outcome.Created.class);
    }

    @Test
    void unpaid_orders_hold_at_most_the_quota_of_photo_bytes_across_orders() {
        byte[][] photos = {Journey.png(600, 1), Journey.png(600, 2), Journey.png(600, 3), Journey.png(600, 4)};
        long quota = stored(photos[0]) + stored(photos[1]) + stored(photos[2]) + stored(photos[3]) / 2;
        TestKaptura k = TestKaptura.withUploadQuota(new UploadQuota(3, quota)).withPolicy();
        Journey j = new Journey(k, "ada@example.org").signIn().order();
        assertThat(j.upload(photos[0])).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);
        assertThat(j.upload(photos[1])).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);
        Journey sameInAnotherOrder = new Journey(k, "ada@example.org").signIn().order();
        assertThat(sameInAnotherOrder.upload(photos[2])).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);

        UploadSelfie.Outcome fourth = sameInAnotherOrder.upload(photos[3]);

        assertThat(fourth).isInstanceOfSatisfying(UploadSelfie.Outcome.Refused.class, r -> {
            assertThat(r.why().reason()).isEqualTo(Rejection.Reason.STORAGE_QUOTA);
            assertThat(r.why().detail()).contains("remove some photos");
        });
        assertThat(k.vault.size()).as("the refused photo is not kept").isEqualTo(3);
    }

    @Test
    void a_paid_order_is_not_discarded_and_no_longer_counts_as_unpaid() {
        TestKaptura k = TestKaptura.withUploadQuota(new UploadQuota(1, 50L * 1024 * 1024))
                .withPolicy();
        Journey j = new Journey(k, "ada@example.org").paid();

        assertThat(k.orders.discard(new DiscardOrder.Command(j.account, j.order)))
                .isInstanceOfSatisfying(
                        DiscardOrder.Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.ORDER_STATE));
        assertThat(k.orders.handle(newOrder(j)))
                .as("the paid order leaves room for a new one")
                .isInstanceOf(CreateOrder.Outcome.Created.class);
        assertThat(k.orders.discard(
                        new DiscardOrder.Command(new Journey(k, "eve@example.org").signIn().account, j.order)))
                .as("nobody discards another's order")
                .isInstanceOfSatisfying(
                        DiscardOrder.Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.NOT_FOUND));
    }
}
