-- Durable jobs. scheduled_tasks is db-scheduler's own table (VARCHAR keys, portable); jobs are
-- inserted into it inside the caller's transaction, so state, audit and jobs commit together.
-- dead_jobs keeps every job that exhausted its retries, visible to operators.

CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100)             NOT NULL,
    task_instance        VARCHAR(200)             NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            VARCHAR(50),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_idx ON scheduled_tasks (priority, execution_time);

CREATE TABLE dead_jobs (
    task_name     VARCHAR(100)             NOT NULL,
    task_instance VARCHAR(200)             NOT NULL,
    payload       VARCHAR(4000)            NOT NULL,
    failures      INT                      NOT NULL,
    last_error    VARCHAR(2000)            NOT NULL,
    died_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (task_name, task_instance, died_at)
);
