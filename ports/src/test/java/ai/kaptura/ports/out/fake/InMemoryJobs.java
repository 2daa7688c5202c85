package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Jobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link Jobs} in memory. Nothing runs by itself: a test looks at {@link #scheduled()} and takes the
 * jobs that are due with {@link #takeDue(Instant)} to run them. A job taken is no longer scheduled,
 * so its kind and key may be enqueued again (as with a scheduler that forgets completed one-off work).
 */
public final class InMemoryJobs implements Jobs {

    private static final Comparator<Job> BY_RUN_AT = Comparator.comparing(Job::runAt);

    private final InMemoryDatabase db;

    public InMemoryJobs(InMemoryDatabase db) {
        this.db = Objects.requireNonNull(db, "database");
    }

    @Override
    public boolean enqueue(Job job) {
        Objects.requireNonNull(job, "job");
        synchronized (db) {
            return db.jobs.putIfAbsent(new InMemoryDatabase.JobKey(job.kind(), job.key()), job) == null;
        }
    }

    /** Every scheduled job, the earliest run-at first, then in the order enqueued. */
    public List<Job> scheduled() {
        synchronized (db) {
            return db.jobs.values().stream().sorted(BY_RUN_AT).toList();
        }
    }

    /** The scheduled jobs of one kind, the earliest run-at first. */
    public List<Job> scheduled(JobKind kind) {
        return scheduled().stream().filter(j -> j.kind() == kind).toList();
    }

    /** The scheduled job of this kind and key, if any. */
    public Optional<Job> find(JobKind kind, String key) {
        synchronized (db) {
            return Optional.ofNullable(db.jobs.get(new InMemoryDatabase.JobKey(kind, key)));
        }
    }

    /** Removes and answers the jobs due at {@code now} ({@code runAt <= now}), the earliest first. */
    public List<Job> takeDue(Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (db) {
            List<Job> due = new ArrayList<>(db.jobs.values().stream().filter(j -> !j.runAt().isAfter(now)).sorted(BY_RUN_AT).toList());
            due.forEach(j -> db.jobs.remove(new InMemoryDatabase.JobKey(j.kind(), j.key())));
            return List.copyOf(due);
        }
    }

    /** Removes every scheduled job; answers how many there were. */
    public int clear() {
        synchronized (db) {
            int count = db.jobs.size();
            db.jobs.clear();
            return count;
        }
    }
}
