-- R12: the retention sweep deletes privacy requests closed more than 3 years ago (RetentionPolicy's schedule) with one
-- range query on closed_at; open requests (closed_at NULL) are never in its range.
CREATE INDEX privacy_requests_closed_idx ON privacy_requests (closed_at);
