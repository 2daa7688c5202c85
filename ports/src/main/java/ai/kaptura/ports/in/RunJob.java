package ai.kaptura.ports.in;

import ai.kaptura.ports.out.Job;

/**
 * Runs one durable job (called by the job scheduler after the enqueuing transaction committed). It
 * must be idempotent: a job may run again after a crash.
 *
 * @throws RuntimeException to have the job retried with backoff
 */
public interface RunJob {

    void run(Job job);
}
