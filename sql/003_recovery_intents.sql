-- 003_recovery_intents: recovery requests as typed on a request form,
-- waiting for the intake worker (storage/intake_store.h).
--
-- payload holds what was typed (fields and client address) sealed with a
-- key derived from the server secret; the row is deleted in the
-- transaction that writes its outcome. Re-runnable like 001.

CREATE TABLE IF NOT EXISTS recovery_intents (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  flow VARCHAR(32) CHARACTER SET ascii NOT NULL,
  payload BLOB NOT NULL,
  created_at DATETIME(6) NOT NULL,
  claimed_by VARCHAR(64) NULL,
  claim_token BINARY(16) NULL,
  claimed_until DATETIME(6) NULL,
  KEY ix_intents_claim (claim_token),
  KEY ix_intents_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
