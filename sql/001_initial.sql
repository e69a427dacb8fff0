-- 001_initial: accounts, sessions, rate limits, outbox, audit log, recovery
-- requests.
--
-- Conventions: InnoDB, utf8mb4, times are DATETIME(6) in UTC (every
-- connection sets time_zone '+00:00') and validity is always decided with
-- NOW(6), the database clock. Secrets never appear in clear: session ids,
-- tokens and rate-limit keys are stored as SHA-256, short codes as
-- HMAC-SHA256, passwords as Argon2id PHC strings, outbox payloads sealed with
-- AES-256-GCM.
--
-- The migrator splits this file on ';' at the end of a line: keep one
-- statement per ';', no procedures or triggers. Every statement is
-- re-runnable (IF NOT EXISTS, INSERT IGNORE) because MariaDB commits DDL
-- implicitly: a run interrupted half-way can simply be started again.

CREATE TABLE IF NOT EXISTS schema_migrations (
  version INT NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  checksum CHAR(64) CHARACTER SET ascii NOT NULL,
  applied_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- login and email compare byte for byte (utf8mb4_bin): "Demo" is not "demo",
-- and no accent- or width-folding collation turns a look-alike into a match.
-- Queries also compare the binary value so trailing spaces (PAD SPACE) count.
CREATE TABLE IF NOT EXISTS accounts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  phone VARCHAR(20) CHARACTER SET ascii NULL,
  display_name VARCHAR(200) NOT NULL DEFAULT '',
  password_hash VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  must_change_password TINYINT(1) NOT NULL DEFAULT 0,
  -- Set for a temporary (generated) password: it stops working then.
  password_expires_at DATETIME(6) NULL,
  password_changed_at DATETIME(6) NOT NULL,
  disabled_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  UNIQUE KEY uq_accounts_login (login),
  KEY ix_accounts_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- id_hash is SHA-256 of the cookie value; the cookie itself is never stored.
CREATE TABLE IF NOT EXISTS sessions (
  id_hash BINARY(32) NOT NULL PRIMARY KEY,
  account_id BIGINT NOT NULL,
  client_ip VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL,
  last_seen_at DATETIME(6) NOT NULL,
  -- Absolute expiry; the idle limit is checked against last_seen_at.
  expires_at DATETIME(6) NOT NULL,
  revoked_at DATETIME(6) NULL,
  KEY ix_sessions_account (account_id),
  KEY ix_sessions_expires (expires_at),
  CONSTRAINT fk_sessions_account FOREIGN KEY (account_id)
    REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Fixed-window counters. bucket is SHA-256 of the caller's key (keys hold
-- logins and IP addresses; the table does not).
CREATE TABLE IF NOT EXISTS rate_limits (
  bucket BINARY(32) NOT NULL PRIMARY KEY,
  window_start DATETIME(6) NOT NULL,
  hits INT NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  KEY ix_rate_limits_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Mail and SMS waiting for `sesame deliver`. payload is the serialised
-- message sealed with a key derived from the server secret (it may hold a
-- secret link); it is set to NULL once the row is sent or failed.
CREATE TABLE IF NOT EXISTS outbox (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind ENUM('mail', 'sms') NOT NULL,
  payload MEDIUMBLOB NULL,
  created_at DATETIME(6) NOT NULL,
  next_attempt_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  claimed_by VARCHAR(64) NULL,
  claim_token BINARY(16) NULL,
  claimed_until DATETIME(6) NULL,
  sent_at DATETIME(6) NULL,
  failed_at DATETIME(6) NULL,
  last_error VARCHAR(255) NOT NULL DEFAULT '',
  -- Pending rows (both NULL) in id order: the claim query walks this.
  KEY ix_outbox_pending (sent_at, failed_at, id),
  KEY ix_outbox_claim (claim_token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Append-only, hash-chained: hash = SHA-256(prev_hash || canonical row).
-- ids are gapless (head.last_id + 1) so a deleted row breaks the chain.
CREATE TABLE IF NOT EXISTS audit_log (
  id BIGINT NOT NULL PRIMARY KEY,
  at DATETIME(6) NOT NULL,
  account_id BIGINT NULL,
  event VARCHAR(64) NOT NULL,
  client_ip VARCHAR(45) NOT NULL DEFAULT '',
  detail VARCHAR(255) NOT NULL DEFAULT '',
  prev_hash BINARY(32) NOT NULL,
  hash BINARY(32) NOT NULL,
  KEY ix_audit_account (account_id, id),
  KEY ix_audit_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row: the end of the chain. Appends lock it (SELECT ... FOR UPDATE) in
-- their own transaction, which serialises them.
CREATE TABLE IF NOT EXISTS audit_head (
  id TINYINT NOT NULL PRIMARY KEY,
  last_id BIGINT NOT NULL,
  last_hash BINARY(32) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO audit_head (id, last_id, last_hash)
  VALUES (1, 0, UNHEX(REPEAT('00', 32)));

-- One recovery attempt (mail link + SMS code, ...). A request is live while
-- used_at IS NULL AND superseded_at IS NULL AND expires_at > NOW(6); a new
-- request or a password change supersedes the live one (and pulls its
-- expires_at to the present, so a check that forgets superseded_at still
-- refuses it).
CREATE TABLE IF NOT EXISTS recovery_requests (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT NOT NULL,
  flow VARCHAR(32) CHARACTER SET ascii NOT NULL,
  token_hash BINARY(32) NOT NULL,
  code_hmac BINARY(32) NULL,
  code_attempts INT NOT NULL DEFAULT 0,
  code_sends INT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  used_at DATETIME(6) NULL,
  superseded_at DATETIME(6) NULL,
  client_ip VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
  UNIQUE KEY uq_recovery_token (token_hash),
  KEY ix_recovery_account (account_id, used_at),
  KEY ix_recovery_expires (expires_at),
  CONSTRAINT fk_recovery_account FOREIGN KEY (account_id)
    REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
