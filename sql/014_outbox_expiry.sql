-- 014_outbox_expiry: the index of the outbox's expiry sweep.
--
-- `sesame deliver` fails the pending messages past their expiry before each
-- claim: it reads their ids without locking (pending rows by expiry, this
-- index), then fails them by id. Without it the read walked every pending
-- row. Re-runnable.

ALTER TABLE outbox
  ADD KEY IF NOT EXISTS ix_outbox_expiry (sent_at, failed_at, expires_at);
