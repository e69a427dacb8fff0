-- 004_captchas: the captchas shown on forms (storage/captcha_store.h).
--
-- id_hash is SHA-256 of the captcha's id (the id itself is in the page and
-- the image URL, never here); answer_mac is the HMAC of its answer (the
-- answer is derived from the id with a key the database never sees);
-- binding is SHA-256 of the CSRF cookie of the browser it was shown to.
-- used_at is set by the first answer, right or wrong. `sesame purge`
-- deletes expired rows. Re-runnable like 001.

CREATE TABLE IF NOT EXISTS captchas (
  id_hash BINARY(32) NOT NULL PRIMARY KEY,
  answer_mac BINARY(32) NOT NULL,
  binding BINARY(32) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  used_at DATETIME(6) NULL,
  KEY ix_captchas_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
