package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobRetries;
import ai.kaptura.ports.out.JobTrouble;
import ai.kaptura.ports.out.Jobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link Jobs} in memory. Nothing runs by itself: a test looks at {@link #scheduled()} and takes the
 * jobs that are due with {@link #takeDue(Instant)} to run them. A job taken is no longer scheduled,
 * so its kind and key may be enqueued again (as with a scheduler that forgets completed one-off work).
 * A test that plays the scheduler reports each job it ran as {@link #succeeded} or {@link #failed}: a failed
 * job is scheduled again, or given up, as {@link JobRetries} say, and its failures in a row are kept.
 */
public record InMemoryJobs(InMemoryDatabase db) implements Jobs {

    private static final Comparator<Job> BY_RUN_AT = Comparator.comparing(Job::runAt);

    public InMemoryJobs {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public boolean enqueue(Job job) {
        Objects.requireNonNull(job, "job");
        synchronized (db) {
            boolean inserted = db.jobs.putIfAbsent(new InMemoryDatabase.JobKey(job.kind(), job.key()), job) == null;
            if (inserted) {
                db.deadJobs.removeIf(dead ->
                        dead.job().kind() == job.kind() && dead.job().key().equals(job.key()));
            }
            return inserted;
        }
    }

    @Override
    public boolean anyLive(JobKind kind, String keyPrefix) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keyPrefix, "key prefix");
        synchronized (db) {
            return db.jobs.values().stream()
                    .anyMatch(j -> j.kind() == kind && j.key().startsWith(keyPrefix));
        }
    }

    @Override
    public Set<String> liveKeys(JobKind kind, String keyPrefix) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keyPrefix, "key prefix");
        synchronized (db) {
            return db.jobs.values().stream()
                    .filter(j -> j.kind() == kind && j.key().startsWith(keyPrefix))
                    .map(Job::key)
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    @Override
    public int reviveDead(Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (db) {
            Map<InMemoryDatabase.JobKey, Job> latest = new LinkedHashMap<>();
            List<InMemoryDatabase.DeadJob> kept = new ArrayList<>();
            for (InMemoryDatabase.DeadJob dead : db.deadJobs) {
                if (dead.job().kind().neverGivesUp()) {
                    latest.put(
                            new InMemoryDatabase.JobKey(
                                    dead.job().kind(), dead.job().key()),
                            dead.job());
                } else {
                    kept.add(dead);
                }
            }
            db.deadJobs.clear();
            db.deadJobs.addAll(kept);
            int revived = 0;
            for (Job job : latest.values()) {
                if (enqueue(new Job(job.kind(), job.key(), job.payload(), now))) {
                    revived++;
                }
            }
            return revived;
        }
    }

    @Override
    public List<JobTrouble> troubled(int failuresInARow, int limit) {
        synchronized (db) {
            List<JobTrouble> troubled = new ArrayList<>();
            db.jobFailures.forEach((key, f) -> {
                Job live = db.jobs.get(key);
                if (live != null && f.inARow() >= failuresInARow) {
                    troubled.add(new JobTrouble(
                            key.kind(),
                            key.key(),
                            f.inARow(),
                            Optional.of(f.last()),
                            Optional.of(live.runAt()),
                            Optional.of(f.error())));
                }
            });
            Map<InMemoryDatabase.JobKey, InMemoryDatabase.DeadJob> lastDeath = new LinkedHashMap<>();
            for (InMemoryDatabase.DeadJob dead : db.deadJobs) {
                lastDeath.put(
                        new InMemoryDatabase.JobKey(
                                dead.job().kind(), dead.job().key()),
                        dead);
            }
            lastDeath.forEach((key, dead) -> {
                if (!db.jobs.containsKey(key)) {
                    troubled.add(new JobTrouble(
                            key.kind(),
                            key.key(),
                            dead.failures(),
                            Optional.of(dead.diedAt()),
                            Optional.empty(),
                            Optional.of(dead.error())));
                }
            });
            return troubled.stream()
                    .sorted(Comparator.comparing(
                                    (JobTrouble t) -> t.lastFailure().orElseThrow())
                            .thenComparing(JobTrouble::key))
                    .limit(Math.max(limit, 0))
                    .toList();
        }
    }

    @Override
    public boolean retryNow(JobKind kind, String key, Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (db) {
            InMemoryDatabase.JobKey id = new InMemoryDatabase.JobKey(kind, key);
            Job live = db.jobs.get(id);
            if (live != null) {
                if (!db.jobFailures.containsKey(id)) {
                    return false;
                }
                db.jobs.put(id, new Job(kind, key, live.payload(), now));
                return true;
            }
            Optional<InMemoryDatabase.DeadJob> dead = db.deadJobs.stream()
                    .filter(d -> d.job().kind() == kind && d.job().key().equals(key))
                    .reduce((first, second) -> second);
            if (dead.isEmpty()) {
                return false;
            }
            db.deadJobs.removeIf(d -> d.job().kind() == kind && d.job().key().equals(key));
            db.jobs.put(id, new Job(kind, key, dead.get().job().payload(), now));
            return true;
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
            List<Job> due = new ArrayList<>(db.jobs.values().stream()
                    .filter(j -> !j.runAt().isAfter(now))
                    .sorted(BY_RUN_AT)
                    .toList());
            due.forEach(j -> db.jobs.remove(new InMemoryDatabase.JobKey(j.kind(), j.key())));
            return List.copyOf(due);
        }
    }

    /** A job taken by {@link #takeDue} ran to its end: its failures in a row are forgotten. */
    public void succeeded(Job job) {
        Objects.requireNonNull(job, "job");
        synchronized (db) {
            db.jobFailures.remove(new InMemoryDatabase.JobKey(job.kind(), job.key()));
        }
    }

    /**
     * A job taken by {@link #takeDue} threw at {@code at}: it is scheduled again as {@code retries} say, or, if it
     * gives up, kept as dead. Answers when it runs again, or empty if it gave up.
     */
    public Optional<Instant> failed(Job job, Instant at, String error, JobRetries retries) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(retries, "retries");
        synchronized (db) {
            InMemoryDatabase.JobKey key = new InMemoryDatabase.JobKey(job.kind(), job.key());
            InMemoryDatabase.JobFailures before = db.jobFailures.get(key);
            int inARow = (before == null ? 0 : before.inARow()) + 1;
            Optional<Instant> next = retries.next(job.kind(), inARow).map(at::plus);
            if (next.isEmpty()) {
                db.jobFailures.remove(key);
                db.deadJobs.add(new InMemoryDatabase.DeadJob(job, inARow, at, String.valueOf(error)));
                return next;
            }
            db.jobFailures.put(key, new InMemoryDatabase.JobFailures(inARow, at, String.valueOf(error)));
            db.jobs.put(key, new Job(job.kind(), job.key(), job.payload(), next.get()));
            return next;
        }
    }

    /**
     * Records that the scheduled job failed {@code inARow} times in a row, the last at {@code last}, and runs again at
     * {@code next}, as the scheduler's own records would say.
     */
    public void recordFailures(Job job, int inARow, Instant last, Instant next) {
        Objects.requireNonNull(job, "job");
        synchronized (db) {
            InMemoryDatabase.JobKey key = new InMemoryDatabase.JobKey(job.kind(), job.key());
            db.jobFailures.put(key, new InMemoryDatabase.JobFailures(inARow, last, "failed"));
            db.jobs.put(key, new Job(job.kind(), job.key(), job.payload(), next));
        }
    }

    /** Records a scheduled job as given up after {@code failures}, as the scheduler does after its last retry. */
    public void recordDead(Job job, int failures, String error, Instant at) {
        Objects.requireNonNull(job, "job");
        synchronized (db) {
            InMemoryDatabase.JobKey key = new InMemoryDatabase.JobKey(job.kind(), job.key());
            db.jobs.remove(key);
            db.jobFailures.remove(key);
            db.deadJobs.add(new InMemoryDatabase.DeadJob(job, failures, at, String.valueOf(error)));
        }
    }

    /** How often the scheduled job of this kind and key failed in a row so far (0 if it never did or is not scheduled). */
    public int failuresInARow(JobKind kind, String key) {
        synchronized (db) {
            InMemoryDatabase.JobFailures f = db.jobFailures.get(new InMemoryDatabase.JobKey(kind, key));
            return f == null ? 0 : f.inARow();
        }
    }

    /** The jobs that gave up, oldest first (one entry per death: a job revived and dead again appears twice). */
    public List<Job> dead() {
        synchronized (db) {
            return db.deadJobs.stream().map(InMemoryDatabase.DeadJob::job).toList();
        }
    }

    /** Removes every scheduled job (and what is known of their failures); answers how many there were. */
    public int clear() {
        synchronized (db) {
            int count = db.jobs.size();
            db.jobs.clear();
            db.jobFailures.clear();
            return count;
        }
    }
}
