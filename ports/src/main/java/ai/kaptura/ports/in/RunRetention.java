package ai.kaptura.ports.in;

/**
 * The retention sweep (R10–R16): applies the retention policy to everything due now (privacy requests and audit
 * entries included, R12), and queues again the due
 * deletions, erasures and refunds that have no live job (R48). The alarm for a vendor model unconfirmed 30 days after
 * training (R14) is raised by the alarm check ({@link CheckAlarms}, R49).
 */
public interface RunRetention {

    record Report(
            int ordersExamined,
            int selfiesDueForDeletion,
            int modelDeletionsRequested,
            int signInCodesDeleted,
            int sessionsDeleted,
            int cookieChoicesDeleted,
            int rateLimitCountersDeleted,
            int jobsRequeued,
            int privacyRequestsDeleted,
            int auditEntriesPruned) {}

    Report handle();
}
