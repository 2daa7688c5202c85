package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.contract.PhotoVaultContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class InMemoryPhotoVaultTest extends PhotoVaultContract {

    private InMemoryPhotoVault fake;

    @Override
    protected PhotoVault vault() {
        fake = new InMemoryPhotoVault();
        return fake;
    }

    @Test
    void counts_what_it_holds_per_owner() {
        Customer ada = VendorFixtures.draftCustomer("ada.lovelace@example.org");
        fake.put(ada.id(), ada.selfiePhotos().get(0), new ByteArrayInputStream(new byte[] {1}), 1);
        fake.put(ada.id(), ada.selfiePhotos().get(1), new ByteArrayInputStream(new byte[] {2}), 1);

        assertThat(fake.countOf(ada.id())).isEqualTo(2);
        fake.delete(
                ada.selfiePhotos().get(0),
                DataCategory.SELFIE,
                "s1",
                DeletionReason.REMOVED_BY_PERSON,
                VendorFixtures.NOW);
        assertThat(fake.size()).isEqualTo(1);
        fake.eraseOwner(ada.id(), VendorFixtures.NOW);
        assertThat(fake.size()).isZero();
    }
}
