-- 010_education: the Education flow (seed 003): voters' vote codes and
-- facts, regeneration grants, one-time code slips.
--
-- education_voters: one row per voter account. vote_code_hash is the vote
-- code's Argon2id PHC string; vote_code_state 'active' or 'invalidated'
-- (with the reason and the time); vote_code_failures counts attempts since
-- the last right code (counted before the comparison). question_id names
-- the challenge question in the flow's fixed list; answer_digest,
-- numen_digest, nir_digest and pivot_digest are keyed Argon2id digests
-- (the answer normalised; the NIR's first 10 digits; the FranceConnect
-- identity pivot), never the values. activation_token_hash: SHA-256 of the
-- account-opening link's token while it lives.
--
-- education_grants: a proof of the voter (the mailed or SMS'd link,
-- FranceConnect) leaves a grant: SHA-256 of the browser's cookie token,
-- spent once by « REGENERER MON CODE DE VOTE » (used_at).
--
-- education_code_slips: the new vote code, sealed with AES-256-GCM under a
-- key derived from the server secret, for one display (owner: a digest of
-- the grant's cookie token); deleted as it is read. Re-runnable like 001.
CREATE TABLE IF NOT EXISTS education_voters (
  account_id BIGINT NOT NULL PRIMARY KEY,
  vote_code_hash VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  vote_code_state VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin
    NOT NULL DEFAULT 'active',
  invalidated_reason VARCHAR(200) NOT NULL DEFAULT '',
  invalidated_at DATETIME(6) NULL,
  vote_code_failures INT NOT NULL DEFAULT 0,
  question_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
  answer_digest VARBINARY(64) NULL,
  numen_digest VARBINARY(64) NULL,
  nir_digest VARBINARY(64) NULL,
  pivot_digest VARBINARY(64) NULL,
  activation_token_hash BINARY(32) NULL,
  activation_expires_at DATETIME(6) NULL,
  updated_at DATETIME(6) NOT NULL,
  UNIQUE KEY uq_education_voters_activation (activation_token_hash),
  CONSTRAINT fk_education_voters_account FOREIGN KEY (account_id)
    REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS education_grants (
  token_hash BINARY(32) NOT NULL PRIMARY KEY,
  account_id BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  used_at DATETIME(6) NULL,
  KEY ix_education_grants_account (account_id),
  KEY ix_education_grants_expires (expires_at),
  CONSTRAINT fk_education_grants_account FOREIGN KEY (account_id)
    REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS education_code_slips (
  owner BINARY(32) NOT NULL PRIMARY KEY,
  account_id BIGINT NOT NULL,
  sealed VARBINARY(512) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  KEY ix_education_code_slips_expires (expires_at),
  CONSTRAINT fk_education_code_slips_account FOREIGN KEY (account_id)
    REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
