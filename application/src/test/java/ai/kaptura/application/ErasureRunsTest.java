package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.application.privacy.ErasureJob;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two runs of one erasure can overlap (the wake-up when the last deletion is confirmed and the periodic recheck, on
 * one node or two): the one that comes second to the closing transaction finds the request closed and ends quietly,
 * instead of failing the job and logging an error for an erasure that is complete (seen in {@code bench/cluster.sh}).
 */
@Tag("R27")
class ErasureRunsTest {

    @Test
    void a_run_that_finds_its_erasure_closed_by_another_run_ends_without_failing() {
        TestKaptura k = new TestKaptura().withPolicy();
        Journey ada = new Journey(k, "ada@example.com").signIn();
        PrivacyRequestId id = k.erase.erase(ada.account).request();
        ErasureJob other = k.erasure;
        // This run's completion mail is the last thing it does before its closing transaction: the other run closes
        // the request right then, as it would on another thread or node.
        Mailer closingMeanwhile = new Mailer() {
            private boolean closed;

            @Override
            public java.util.Optional<String> processorName() {
                return other.mailer().processorName();
            }

            @Override
            public void send(Mail mail) {
                if (mail instanceof Mail.PrivacyRequestCompleted && !closed) {
                    closed = true;
                    assertThat(other.run(id)).as("the other run closes it").isTrue();
                }
                other.mailer().send(mail);
            }
        };
        ErasureJob slower = new ErasureJob(
                other.requests(),
                other.accounts(),
                other.orders(),
                other.book(),
                other.ledger(),
                other.sessions(),
                other.challenges(),
                other.vault(),
                other.maintenance(),
                other.obligations(),
                closingMeanwhile,
                other.jobs(),
                other.tx(),
                other.audit(),
                other.clock(),
                other.calendar(),
                other.anchoring(),
                other.holds(),
                other.records());

        assertThat(slower.run(id)).as("closed, by the other run").isTrue();

        assertThat(k.request(id).isOpen()).isFalse();
        assertThat(k.stores.auditLog().read(1, 10_000))
                .filteredOn(e -> e.event().action() == AuditAction.PRIVACY_REQUEST_COMPLETED)
                .as("completed once")
                .hasSize(1);
    }
}
