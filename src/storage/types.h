// Plain records passed between screens, flows and the stores.
#ifndef SESAME_STORAGE_TYPES_H_
#define SESAME_STORAGE_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/voter_facts.h"

namespace sesame {

struct Account {
  int64_t id = 0;
  std::string login;
  std::string email;
  std::string phone;  // E.164 ("+33612345678") or empty
  std::string display_name;
  std::string password_hash;  // PHC string
  bool must_change_password = false;
  // True when a temporary password's lifetime is over (decided by the
  // database clock).
  bool password_expired = false;
  bool disabled = false;
  // kRolePortal, kRoleAgent or kRoleOfficer (see below).
  std::string role;
  // The agent's or the officer's bureau (« bureau de vote électronique »);
  // empty for portal users. An officer acts only on agents of the same one.
  std::string bureau;
  // An officer's TOTP secret, sealed under DeriveKey(secret, "totp"); empty
  // for others.
  std::string totp_sealed;
  // The last TOTP step an officer's code was accepted for (never again).
  std::optional<int64_t> totp_last_step;
  // The language of its mails and SMS ("fr", "en"); empty: the default.
  std::string language;
};

// Who an account is. A portal user signs in at /login; an agent only
// through the sign-in page of its flow (the Interior flow's four fields);
// an officer only at the desk (password and TOTP). Each sign-in page
// refuses the others with its usual failure, after the same work.
inline constexpr char kRolePortal[] = "";
inline constexpr char kRoleAgent[] = "agent";
inline constexpr char kRoleOfficer[] = "officer";

// A flow's lookup key for an account, stored only as a digest: `kind` names
// the key (1 to 32 of [a-z0-9_.], chosen by the flow), `digest` is its keyed
// digest (1 to 64 bytes, never the value itself). A (kind, digest) belongs to
// one account.
struct AccountIdentifier {
  std::string kind;
  std::string digest;
};

// "`name` happened on this account now" (1 to 64 of [a-z0-9_.], chosen by
// the flow), recorded with the database clock; AccountStore::SecondsSinceMark
// reads it back.
struct AccountMark {
  int64_t account_id = 0;
  std::string name;
};

struct OutboxMessage {
  enum class Kind { kMail, kSms };
  Kind kind = Kind::kMail;
  std::string recipient;  // e-mail address or E.164 number
  std::string subject;    // mail only
  std::string text;       // mail text part, or the SMS text
  std::string html;       // mail HTML part (may be empty)
  // The mail's From (empty: [mail] from / from_name): a flow's sender.
  std::string from;
  std::string from_name;
  int ttl_seconds = 0;  // 0: [deliver] default_ttl_hours
};

struct NewAccount {
  std::string login;
  std::string email;
  std::string phone;
  std::string display_name;
  std::string password_hash;
  bool must_change_password = false;
  // > 0: the password is temporary and dies after this many hours.
  int temporary_password_hours = 0;
  // Written with the account; AlreadyExists when one belongs to another.
  std::vector<AccountIdentifier> identifiers;
  std::string role;         // Account::role
  std::string bureau;       // Account::bureau
  std::string totp_sealed;  // Account::totp_sealed
  std::string language;     // Account::language ("": the default)
  // The Education flow's facts of a voter (education_voters), if any.
  std::optional<VoterFacts> voter;
  // Queued with the account, in the same transaction (the Education
  // flow's account-opening mail).
  std::vector<OutboxMessage> messages;
};

// One security-relevant fact for the hash-chained audit log. Never holds a
// token, code, password or query string.
struct AuditEvent {
  std::optional<int64_t> account_id;
  std::string event;  // "login.ok", "login.fail", "password.change", ...
  std::string client_ip;
  std::string detail;  // short, free text, no secrets
};

// A row of the audit chain as an operator keeps it elsewhere (syslog,
// another host): its id and its MAC. Id 0 with 32 zero bytes is the empty
// chain.
struct AuditAnchor {
  int64_t id = 0;
  std::string mac;  // 32 raw bytes
};

// What AuditLog::Verify found.
struct AuditReport {
  int64_t rows = 0;        // rows checked
  int64_t keyed_from = 0;  // id of the « audit.keyed » row; 0: none
  AuditAnchor head;        // the last row checked
  // Empty when no anchor was given or the chain holds it; else why not (the
  // chain is shorter than the anchor, or the anchor's row has another MAC).
  std::string anchor_problem;
};

// One rate limit to count: `key`'s fixed window of `window_seconds`, passed
// when the count (this event included) exceeds `limit`. `add` is what this
// event adds to the count; 0 only asks that the count, read under the
// write's lock, has not passed `limit` (honoured where limits are counted
// inside a write: IntakeStore, DeskStore).
struct LimitCheck {
  std::string key;
  int window_seconds = 3600;
  int limit = 0;
  int add = 1;
};

// Every SMS is counted against the SMS budgets ([security.limits]
// sms_per_destination_hour and sms_global_hour) in the transaction that
// queues it, and only when it is queued. A write that would queue one past
// either budget fails whole with this status, and counts nothing.
inline Status SmsBudgetSpent() {
  return Status::ResourceExhausted("sms budget spent");
}
inline bool IsSmsBudgetSpent(const Status& status) {
  return status.code() == StatusCode::kResourceExhausted &&
         status.message() == "sms budget spent";
}

// A claimed outbox row, decrypted.
struct OutboxRow {
  int64_t id = 0;
  OutboxMessage message;
  int attempts = 0;        // attempts made before this one
  std::string message_id;  // stable per row, for the Message-ID header
  // The claim that returned the row (one per Claim call): Outbox::Record
  // writes an outcome only while this claim still holds the row.
  std::string claim_token;
};

// What became of one claimed outbox row, for Outbox::Record.
struct OutboxOutcome {
  enum class Kind {
    kSent,   // the server or gateway accepted it
    kRetry,  // again after delay_seconds; failed when that reaches expiry
    // Not attempted (the worker is stopping): due again at once, and no
    // attempt is counted.
    kReleased,
  };
  int64_t id = 0;
  std::string claim_token;  // OutboxRow::claim_token
  Kind kind = Kind::kSent;
  int delay_seconds = 0;  // kRetry
  std::string error;      // kRetry: why; must hold no secret
  // kRetry: the failed attempt is counted under channel ("mail", "sms")
  // and cause (Outbox::CountSendFailure) when both are set.
  std::string channel;
  std::string cause;
};

struct PasswordChange {
  int64_t account_id = 0;
  std::string new_hash;
  bool must_change_password = false;
  int temporary_password_hours = 0;
  // Sessions of the account other than this one (SHA-256 of its id, may be
  // empty) are revoked.
  std::string keep_session_hash;
  AuditEvent audit;
  std::optional<OutboxMessage> notification;
};

struct NewSession {
  std::string id_hash;  // SHA-256 of the cookie value
  int64_t account_id = 0;
  std::string client_ip;
  int absolute_seconds = 0;
  // Set when the sign-in used a one-time password (must_change_password):
  // the PHC string it matched, spent with the session (SessionStore::Create).
  std::string one_time_password_hash;
  // Rate-limit keys forgotten with the session, in its transaction (as
  // RateLimiter::Reset): the failures this sign-in puts behind it.
  std::vector<std::string> forget_limits;
};

struct Session {
  std::string id_hash;
  int64_t account_id = 0;
  // The account's, read with the session (GET /auth answers from them).
  std::string login;
  bool must_change_password = false;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_TYPES_H_
