-- 009_roles_desk: who an account is, and the Interior flow's desk.
--
-- accounts.role: '' (a portal user, signs in at /login), 'agent' (signs in
-- only through its flow's own page) or 'officer' (signs in only at the
-- desk, with a TOTP second factor). accounts.bureau: the agent's or the
-- officer's « bureau de vote électronique »; an officer acts only on agents
-- of the same one. totp_sealed: an officer's TOTP secret, sealed with
-- AES-256-GCM under a key derived from the server secret; totp_last_step:
-- the last 30-second step whose code was accepted (a code works once).
--
-- desk_slips: the slip an officer prints after a desk action, sealed, for
-- that officer's desk session only (owner: SHA-256 of its cookie), deleted
-- as it is shown. Re-runnable like 001.
ALTER TABLE accounts
  ADD COLUMN IF NOT EXISTS role VARCHAR(16) CHARACTER SET ascii
    COLLATE ascii_bin NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS bureau VARCHAR(64) CHARACTER SET utf8mb4
    COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS totp_sealed VARBINARY(128) NULL,
  ADD COLUMN IF NOT EXISTS totp_last_step BIGINT NULL;

CREATE TABLE IF NOT EXISTS desk_slips (
  owner BINARY(32) NOT NULL PRIMARY KEY,
  sealed VARBINARY(4096) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  KEY ix_desk_slips_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
