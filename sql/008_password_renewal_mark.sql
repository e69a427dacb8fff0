-- 008_password_renewal_mark: marks and rate-limit rows after R9.
--
-- The password-renewal mark is every flow's now ("password.renewal"),
-- written by whichever flow starts a renewal and read by the « pas les
-- deux » rule of the consular flow. Marks written before keep their time.
-- The rate-limit rows are named by an HMAC under the server key from this
-- version on: rows named the old way are never read again and expire.
UPDATE account_marks SET name = 'password.renewal'
  WHERE name = 'consular.password_renewal';
DELETE FROM rate_limits;
