-- 012_observability: request ids in the audit log, send failures counted
-- for /metrics.
--
-- audit_log.request_id: the id nginx gave the request that wrote the row
-- ($request_id, hex digits), NULL for rows written outside a request (the
-- command line, `sesame deliver`) and for every row written before this
-- file. The row's MAC covers it when it is set (one more field of the
-- canonical row); a NULL one leaves the canonical row as it was, so older
-- rows verify unchanged.
--
-- send_failures: how many attempts to send a message failed, by channel
-- and cause, counted by `sesame deliver` in its own transaction (`serve`
-- reads these few rows on each scrape of /metrics: deliver is another
-- process and has no endpoint of its own). Re-runnable like 001.

ALTER TABLE audit_log
  ADD COLUMN IF NOT EXISTS request_id VARCHAR(64) CHARACTER SET ascii NULL
  AFTER detail;

CREATE TABLE IF NOT EXISTS send_failures (
  channel ENUM('mail', 'sms') NOT NULL,
  cause VARCHAR(32) CHARACTER SET ascii NOT NULL,
  count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (channel, cause)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
