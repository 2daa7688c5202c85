package ai.kaptura.ports.out;

import ai.kaptura.domain.alarm.Alarm;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The alarms raised and not yet cleared (R49), shared by every node: raising and clearing each answer whether they
 * changed anything, so of several nodes (or a node that restarted) exactly one sees each start and each clear.
 */
public interface Alarms {

    /** Every raised alarm, the oldest first. */
    List<Alarm> raised();

    Optional<Alarm> find(Alarm.Key key);

    /** Raises the alarm; answers false, changing nothing, if one of its promise and subject is raised already. */
    boolean raise(Alarm alarm);

    /** Clears the alarm; answers false if none of that promise and subject was raised. */
    boolean clear(Alarm.Key key);

    /** Records that the alarm's mail was sent (queued) at {@code at}; answers false if it is not raised. */
    boolean mailed(Alarm.Key key, Instant at);
}
