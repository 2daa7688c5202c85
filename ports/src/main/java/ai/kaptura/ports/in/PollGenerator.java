package ai.kaptura.ports.in;

/**
 * The recurring look-up for callbacks that never came: the AI vendor's callbacks are neither signed nor
 * retried, so every order in production whose callback is overdue has its status looked up and fed
 * through the same event path as a callback (R15: its headshots reach our vault before the vendor purges
 * them). An order the vendor has not finished long after it should have fails, and so ends its purpose
 * (R10: its selfies are deleted, its payment refunded), instead of waiting forever.
 */
public interface PollGenerator {

    /**
     * @param polled   orders whose status was looked up
     * @param advanced events the look-ups found and applied (training finished, images ready, failed)
     * @param gaveUp   orders failed because the vendor did not finish in time
     * @param errors   look-ups that failed (the vendor unreachable); tried again on the next run
     */
    record Report(int polled, int advanced, int gaveUp, int errors) {}

    Report pollOverdue();
}
