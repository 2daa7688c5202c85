package ai.kaptura.ports.in;

import ai.kaptura.domain.alarm.Promise;
import java.util.Map;

/**
 * The recurring check of the promises at risk (R49): each alarm starts when its risk is first seen and clears when it
 * is gone, each edge logged once at WARN; each alarm is mailed to the controller's contact once a day while it lasts.
 */
public interface CheckAlarms {

    /**
     * @param started alarms raised by this check
     * @param cleared alarms cleared by this check
     * @param raised  alarms raised after this check, all promises together
     * @param mailed  alarm mails queued by this check
     */
    record Report(int started, int cleared, int raised, int mailed) {}

    Report check();

    /** How many alarms are raised now, for every promise (zero included): the gauges of {@code /metrics}. */
    Map<Promise, Integer> raisedByPromise();
}
