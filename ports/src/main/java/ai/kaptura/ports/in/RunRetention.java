package ai.kaptura.ports.in;

import ai.kaptura.domain.order.OrderId;
import java.util.List;

/**
 * The retention sweep (R10–R16): applies the retention policy to everything due now, raises the alarm for
 * vendor models unconfirmed 30 days after training (R14), and queues again the due deletions, erasures and refunds
 * that have no live job (R48).
 */
public interface RunRetention {

    record Report(int ordersExamined, int selfiesDueForDeletion, int modelDeletionsRequested,
                  List<OrderId> modelDeletionAlarms, int signInCodesDeleted, int sessionsDeleted,
                  int cookieChoicesDeleted, int rateLimitCountersDeleted, int jobsRequeued) {
        public Report {
            modelDeletionAlarms = List.copyOf(modelDeletionAlarms);
        }
    }

    Report handle();
}
