package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.ports.in.UploadSelfie;
import ai.kaptura.ports.in.ViewOrders;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A person sees a thumbnail of each of their own selfies, made afresh from the sanitised photo through the owner's-copy
 * permit (R1) and never stored; nobody else sees it, and it is gone with the selfie (R10).
 */
@Tag("R1")
@Tag("R10")
class SelfieThumbnailTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    @Test
    void a_person_sees_a_small_thumbnail_of_each_own_selfie_nobody_else_does_and_it_goes_with_the_selfie()
            throws IOException {
        Journey ada = new Journey(k, "ada@example.com").signIn().order().upload(8);
        Journey bob = new Journey(k, "bob@example.com").signIn();
        Selfie first = ada.current().liveSelfies().getFirst();
        long stored = k.vault.countOf(ada.account);

        byte[] thumbnail =
                k.orders.selfieThumbnail(ada.account, ada.order, first.id()).orElseThrow();

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail));
        assertThat(image).as("a JPEG that decodes").isNotNull();
        assertThat(Math.max(image.getWidth(), image.getHeight())).isBetween(1, ViewOrders.THUMBNAIL_SIDE);
        assertThat(k.vault.countOf(ada.account)).as("nothing stored for it").isEqualTo(stored);
        assertThat(k.orders.selfieThumbnail(bob.account, ada.order, first.id()))
                .as("another person's selfie does not exist for Bob")
                .isEmpty();

        assertThat(k.orders.remove(new UploadSelfie.Remove(ada.account, ada.order, first.id())))
                .isInstanceOf(UploadSelfie.Outcome.Removed.class);
        assertThat(k.orders.selfieThumbnail(ada.account, ada.order, first.id()))
                .as("a selfie due for deletion shows no more")
                .isEmpty();
    }
}
