#include "storage/mysql/in_transaction.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "core/wake.h"
#include "crypto/crypto.h"
#include "storage/mysql/mysql_database.h"

namespace sesame {

namespace {

constexpr size_t kEventChars = 64;
constexpr size_t kClientIpChars = 45;
constexpr size_t kDetailChars = 255;
constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence starting at text[i], or 0.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

void AppendField(std::string* out, const std::string& value) {
  out->append(std::to_string(value.size()));
  out->push_back(':');
  out->append(value);
  out->push_back(',');
}

}  // namespace

std::string CleanText(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < text.size() && chars < max_chars; ++chars) {
    const size_t n = Utf8SequenceLength(text, i);
    if (n == 0) {
      out.append(kReplacement);
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::optional<size_t> CheckedUtf8Length(std::string_view text) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++chars) {
    const size_t n = Utf8SequenceLength(text, i);
    if (n == 0) return std::nullopt;
    i += n;
  }
  return chars;
}

OutboxSettings OutboxSettings::FromConfig(const Config& config) {
  OutboxSettings settings;
  settings.seal_key = crypto::DeriveKey(config.security.secret_key, "outbox");
  settings.intake_key = crypto::DeriveKey(config.security.secret_key, "intake");
  settings.message_id_key =
      crypto::DeriveKey(config.security.secret_key, "outbox-message-id");
  settings.limits_key =
      crypto::DeriveKey(config.security.secret_key, "rate-limits");
  settings.sms_per_destination_hour =
      config.security.limits.sms_per_destination_hour;
  settings.sms_global_hour = config.security.limits.sms_global_hour;
  settings.audit_key =
      crypto::DeriveKey(config.security.secret_key, "audit-chain");
  std::string from = config.mail.from;
  const size_t at = from.rfind('@');
  std::string domain = at == std::string::npos ? "" : from.substr(at + 1);
  while (!domain.empty() && (domain.back() == '>' || domain.back() == ' ')) {
    domain.pop_back();
  }
  settings.message_id_domain = domain.empty() ? "localhost" : domain;
  if (config.deliver.default_ttl_hours > 0) {
    settings.default_ttl_seconds = config.deliver.default_ttl_hours * 3600;
  }
  return settings;
}

std::string AuditCanonical(int64_t id, const std::string& at,
                           std::optional<int64_t> account_id,
                           const std::string& event,
                           const std::string& client_ip,
                           const std::string& detail,
                           const std::string& request_id) {
  std::string out = "sesame-audit-v1\n";
  AppendField(&out, std::to_string(id));
  AppendField(&out, at);
  AppendField(&out, account_id ? std::to_string(*account_id) : "-");
  AppendField(&out, event);
  AppendField(&out, client_ip);
  AppendField(&out, detail);
  if (!request_id.empty()) AppendField(&out, request_id);
  return out;
}

StatusOr<std::string> SerializeOutboxMessage(const OutboxMessage& message) {
  nlohmann::json json = {
      {"v", 1},
      {"kind", message.kind == OutboxMessage::Kind::kSms ? "sms" : "mail"},
      {"to", message.recipient},
      {"subject", message.subject},
      {"text", message.text},
      {"html", message.html},
  };
  if (!message.from.empty()) json["from"] = message.from;
  if (!message.from_name.empty()) json["from_name"] = message.from_name;
  try {
    return json.dump();
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument("outbox message is not valid UTF-8");
  }
}

StatusOr<OutboxMessage> ParseOutboxMessage(std::string_view text) {
  try {
    const nlohmann::json json = nlohmann::json::parse(text);
    if (json.at("v").get<int>() != 1) {
      return Status::Internal("outbox payload: unknown version");
    }
    OutboxMessage message;
    const std::string kind = json.at("kind").get<std::string>();
    message.kind =
        kind == "sms" ? OutboxMessage::Kind::kSms : OutboxMessage::Kind::kMail;
    message.recipient = json.at("to").get<std::string>();
    message.subject = json.at("subject").get<std::string>();
    message.text = json.at("text").get<std::string>();
    message.html = json.at("html").get<std::string>();
    // Absent from rows written before a flow could name its sender.
    message.from = json.value("from", std::string());
    message.from_name = json.value("from_name", std::string());
    return message;
  } catch (const nlohmann::json::exception&) {
    return Status::Internal("outbox payload: malformed");
  }
}

std::string OutboxMessageId(const OutboxSettings& settings, int64_t id) {
  const std::string mac = crypto::HmacSha256(
      settings.message_id_key, "message-id:" + std::to_string(id));
  return "<sesame." + std::to_string(id) + "." +
         crypto::HexEncode(mac.substr(0, 8)) + "@" +
         settings.message_id_domain + ">";
}

namespace {

// Inserts `rows` (at most kOutboxRowsPerInsert): one statement.
void InsertOutboxRows(sql::Connection* conn,
                      const DeferredWrites::OutboxRow* rows, size_t count) {
  const std::string sql =
      "INSERT INTO outbox (kind, payload, created_at, next_attempt_at, "
      "expires_at) VALUES " +
      ValuesRows("?, ?, NOW(6), NOW(6), NOW(6) + INTERVAL ? SECOND", count);
  auto insert = Prepare(conn, sql.c_str());
  for (size_t i = 0; i < count; ++i) {
    const int c = static_cast<int>(3 * i);
    insert->setString(c + 1, rows[i].sms ? "sms" : "mail");
    insert->setString(c + 2, rows[i].sealed);
    insert->setInt(c + 3, rows[i].ttl_seconds);
  }
  insert->executeUpdate();
  NoteQueueWrite(kWakeOutbox);
}

constexpr size_t kOutboxRowsPerInsert = 1000;

}  // namespace

Status EnqueueInTransaction(sql::Connection* conn,
                            const OutboxSettings& settings,
                            const OutboxMessage& message,
                            DeferredWrites* deferred) {
  if (message.recipient.empty()) {
    return Status::InvalidArgument("outbox message without recipient");
  }
  StatusOr<std::string> json = SerializeOutboxMessage(message);
  if (!json.ok()) return json.status();
  if (message.kind == OutboxMessage::Kind::kSms &&
      (deferred == nullptr || !deferred->sms_budgets_counted)) {
    StatusOr<bool> within = CountWithinLimitsInTransaction(
        conn, settings, SmsBudgetChecks(settings, message.recipient));
    if (!within.ok()) return within.status();
    if (!*within) return SmsBudgetSpent();
  }
  DeferredWrites::OutboxRow row;
  row.sms = message.kind == OutboxMessage::Kind::kSms;
  row.sealed = crypto::Seal(settings.seal_key, *json);
  row.ttl_seconds = message.ttl_seconds > 0 ? message.ttl_seconds
                                            : settings.default_ttl_seconds;
  if (deferred != nullptr) {
    deferred->outbox.push_back(std::move(row));
  } else {
    InsertOutboxRows(conn, &row, 1);
  }
  return Status::Ok();
}

std::vector<LimitCheck> SmsBudgetChecks(const OutboxSettings& settings,
                                        const std::string& recipient) {
  return {{"sms:dest:" + recipient, 3600, settings.sms_per_destination_hour},
          {"sms:global", 3600, settings.sms_global_hour}};
}

std::string RateLimitBucket(const std::string& limits_key,
                            const std::string& key) {
  return crypto::HmacSha256(limits_key, "rate-limit|" + key);
}

bool ValidFlowName(const std::string& flow) {
  if (flow.empty() || flow.size() > 32) return false;
  for (char c : flow) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

namespace {

// 1 to `max_size` of [a-z0-9_.].
bool ValidDottedName(const std::string& name, size_t max_size) {
  if (name.empty() || name.size() > max_size) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '.')) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool ValidIdentifierKind(const std::string& kind) {
  return ValidDottedName(kind, 32);
}

bool ValidMarkName(const std::string& name) {
  return ValidDottedName(name, 64);
}

std::string CleanWorkerName(const std::string& worker) {
  return CleanText(worker, 64);
}

std::string ClaimRowsInTransaction(sql::Connection* conn, const char* table,
                                   const char* due, const std::string& worker,
                                   int batch, int claim_seconds) {
  // A fresh token per call tells this claim's rows from any other.
  std::string token = crypto::RandomBytes(16);
  const std::string sql =
      std::string("UPDATE ") + table +
      " SET claimed_by = ?, claim_token = ?, "
      "claimed_until = NOW(6) + INTERVAL ? SECOND WHERE " +
      due +
      " AND (claimed_until IS NULL OR claimed_until < NOW(6)) "
      "ORDER BY id LIMIT ?";
  auto claim = Prepare(conn, sql.c_str());
  claim->setString(1, CleanWorkerName(worker));
  claim->setString(2, token);
  claim->setInt(3, claim_seconds);
  claim->setInt(4, batch);
  return claim->executeUpdate() == 0 ? std::string() : token;
}

StatusOr<std::vector<int>> CountHitsInTransaction(
    sql::Connection* conn, const OutboxSettings& settings,
    const std::vector<LimitCheck>& checks) {
  if (checks.empty()) return std::vector<int>();
  for (const LimitCheck& check : checks) {
    if (check.window_seconds <= 0) {
      return Status::InvalidArgument("rate-limit window must be positive");
    }
  }
  // Two statements whatever the number of keys: each row new, or reset
  // when its window is over, or incremented by its own `add`; then the
  // counts, read under the locks the first one took. MySQL applies the
  // assignments left to right, so every IF reads expires_at before the
  // last one changes it; VALUES() is the row's own proposed value.
  std::string upsert_sql =
      "INSERT INTO rate_limits (bucket, window_start, hits, expires_at) "
      "VALUES " +
      ValuesRows("?, NOW(6), ?, NOW(6) + INTERVAL ? SECOND", checks.size());
  std::string select_sql =
      "SELECT bucket, hits FROM rate_limits WHERE bucket IN (";
  for (size_t i = 0; i < checks.size(); ++i) {
    select_sql += i ? ", ?" : "?";
  }
  upsert_sql +=
      " ON DUPLICATE KEY UPDATE "
      "window_start = IF(expires_at <= NOW(6), NOW(6), window_start), "
      "hits = IF(expires_at <= NOW(6), VALUES(hits), hits + VALUES(hits)), "
      "expires_at = IF(expires_at <= NOW(6), VALUES(expires_at), "
      "expires_at)";
  select_sql += ")";
  std::vector<std::string> buckets;
  auto upsert = Prepare(conn, upsert_sql.c_str());
  for (size_t i = 0; i < checks.size(); ++i) {
    buckets.push_back(RateLimitBucket(settings.limits_key, checks[i].key));
    const int first = static_cast<int>(3 * i) + 1;
    upsert->setString(first, buckets.back());
    upsert->setInt(first + 1, checks[i].add);
    upsert->setInt(first + 2, checks[i].window_seconds);
  }
  upsert->executeUpdate();
  auto select = Prepare(conn, select_sql.c_str());
  for (size_t i = 0; i < buckets.size(); ++i) {
    select->setString(static_cast<int>(i) + 1, buckets[i]);
  }
  std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
  std::map<std::string, int> hits;
  while (rs->next()) hits[rs->getString(1)] = rs->getInt(2);
  std::vector<int> counts;
  for (const std::string& bucket : buckets) {
    auto it = hits.find(bucket);
    if (it == hits.end()) return Status::Internal("rate-limit row vanished");
    counts.push_back(it->second);
  }
  return counts;
}

StatusOr<int> CountHitInTransaction(sql::Connection* conn,
                                    const OutboxSettings& settings,
                                    const std::string& key, int window_seconds,
                                    int add) {
  StatusOr<std::vector<int>> counts = CountHitsInTransaction(
      conn, settings, {{key, window_seconds, /*limit=*/0, add}});
  if (!counts.ok()) return counts.status();
  return counts->front();
}

StatusOr<bool> CountWithinLimitsInTransaction(
    sql::Connection* conn, const OutboxSettings& settings,
    const std::vector<LimitCheck>& limits, std::vector<size_t>* passed) {
  if (passed != nullptr) passed->clear();
  if (limits.empty()) return true;
  // Savepoint names are per transaction; a nested use would reuse it, and
  // nothing here nests.
  std::unique_ptr<sql::Statement> stmt(conn->createStatement());
  stmt->execute("SAVEPOINT sesame_limits");
  StatusOr<std::vector<int>> hits =
      CountHitsInTransaction(conn, settings, limits);
  if (!hits.ok()) return hits.status();
  bool within = true;
  for (size_t i = 0; i < limits.size(); ++i) {
    if ((*hits)[i] <= limits[i].limit) continue;
    within = false;
    if (passed != nullptr) passed->push_back(i);
  }
  // Within: the savepoint is left as it is (a round trip saved); the next
  // SAVEPOINT of that name replaces it and the transaction's end drops it.
  if (!within) stmt->execute("ROLLBACK TO SAVEPOINT sesame_limits");
  return within;
}

std::string AuditRowMac(int chain, const std::string& key,
                        const std::string& prev_hash,
                        const std::string& canonical) {
  if (chain == kAuditChainSha256) return crypto::Sha256(prev_hash + canonical);
  return crypto::HmacSha256(key, prev_hash + canonical);
}

namespace {

constexpr char kAuditKeyedDetail[] =
    "HMAC-SHA256 from this row on; SHA-256 before it";

// The chain's head, locked until the transaction ends.
struct AuditHeadRow {
  int64_t last_id = 0;
  std::string last_hash;
  int64_t keyed_from = 0;  // 0: no « audit.keyed » row yet
  std::string now;         // NOW(6), "YYYY-MM-DD HH:MM:SS.ffffff"
};

StatusOr<AuditHeadRow> LockAuditHead(sql::Connection* conn) {
  auto head = Prepare(conn,
                      "SELECT last_id, last_hash, keyed_from, "
                      "DATE_FORMAT(NOW(6), '%Y-%m-%d %H:%i:%s.%f') "
                      "FROM audit_head WHERE id = 1 FOR UPDATE");
  std::unique_ptr<sql::ResultSet> rs(head->executeQuery());
  if (!rs->next()) return Status::Internal("audit_head row missing");
  AuditHeadRow row;
  row.last_id = rs->getInt64(1);
  row.last_hash = rs->getString(2);
  row.keyed_from = rs->isNull(3) ? 0 : rs->getInt64(3);
  row.now = rs->getString(4);
  if (row.last_hash.size() != 32) return Status::Internal("audit_head corrupt");
  return row;
}

// An audit row to insert: its columns but `at`, which it shares with the
// other rows of its INSERT (the head's `now`).
struct AuditRow {
  int64_t id = 0;
  std::optional<int64_t> account_id;
  std::string event;
  std::string client_ip;
  std::string detail;
  std::string request_id;
  std::string prev_hash;
  std::string hash;
};

// The keyed row that follows `head`, chained to it; moves the head to it.
AuditRow ChainKeyedAuditRow(const OutboxSettings& settings, AuditHeadRow* head,
                            std::optional<int64_t> account_id,
                            const std::string& name,
                            const std::string& client_ip,
                            const std::string& detail,
                            const std::string& request_id) {
  AuditRow row;
  row.id = head->last_id + 1;
  row.account_id = account_id;
  row.event = name;
  row.client_ip = client_ip;
  row.detail = detail;
  row.request_id = request_id;
  row.prev_hash = head->last_hash;
  row.hash = AuditRowMac(kAuditChainHmac, settings.audit_key, head->last_hash,
                         AuditCanonical(row.id, head->now, account_id, name,
                                        client_ip, detail, request_id));
  head->last_id = row.id;
  head->last_hash = row.hash;
  return row;
}

// Inserts `rows` (at most kAuditRowsPerInsert) with `at`: one statement.
void InsertAuditRows(sql::Connection* conn, const std::string& at,
                     const AuditRow* rows, size_t count) {
  const std::string sql =
      "INSERT INTO audit_log (id, at, account_id, event, client_ip, detail, "
      "prev_hash, hash, chain, request_id) VALUES " +
      ValuesRows("?, ?, ?, ?, ?, ?, ?, ?, ?, ?", count);
  auto insert = Prepare(conn, sql.c_str());
  for (size_t i = 0; i < count; ++i) {
    const AuditRow& row = rows[i];
    const int c = static_cast<int>(10 * i);
    insert->setInt64(c + 1, row.id);
    insert->setString(c + 2, at);
    if (row.account_id) {
      insert->setInt64(c + 3, *row.account_id);
    } else {
      insert->setNull(c + 3, 0);
    }
    insert->setString(c + 4, row.event);
    insert->setString(c + 5, row.client_ip);
    insert->setString(c + 6, row.detail);
    insert->setString(c + 7, row.prev_hash);
    insert->setString(c + 8, row.hash);
    insert->setInt(c + 9, kAuditChainHmac);
    if (row.request_id.empty()) {
      insert->setNull(c + 10, 0);
    } else {
      insert->setString(c + 10, row.request_id);
    }
  }
  insert->executeUpdate();
}

// Well below the 65 535 placeholders of one statement (10 a row).
constexpr size_t kAuditRowsPerInsert = 1000;

// Inserts the keyed row that follows `head` and moves the head to it.
void InsertKeyedAuditRow(sql::Connection* conn, const OutboxSettings& settings,
                         AuditHeadRow* head, std::optional<int64_t> account_id,
                         const std::string& name, const std::string& client_ip,
                         const std::string& detail,
                         const std::string& request_id = "") {
  const AuditRow row = ChainKeyedAuditRow(settings, head, account_id, name,
                                          client_ip, detail, request_id);
  InsertAuditRows(conn, head->now, &row, 1);
}

// Writes the « audit.keyed » row when the chain has none. The head stays
// locked; the caller writes it back with SaveAuditHead.
bool KeyAuditChainIfNeeded(sql::Connection* conn,
                           const OutboxSettings& settings, AuditHeadRow* head) {
  if (head->keyed_from != 0) return false;
  InsertKeyedAuditRow(conn, settings, head, std::nullopt, kAuditKeyedEvent, "",
                      kAuditKeyedDetail);
  head->keyed_from = head->last_id;
  return true;
}

void SaveAuditHead(sql::Connection* conn, const AuditHeadRow& head) {
  auto update = Prepare(conn,
                        "UPDATE audit_head SET last_id = ?, last_hash = ?, "
                        "keyed_from = ? WHERE id = 1");
  update->setInt64(1, head.last_id);
  update->setString(2, head.last_hash);
  update->setInt64(3, head.keyed_from);
  update->executeUpdate();
}

}  // namespace

StatusOr<int64_t> KeyAuditChainInTransaction(sql::Connection* conn,
                                             const OutboxSettings& settings) {
  if (settings.audit_key.empty()) return Status::Internal("no audit key");
  StatusOr<AuditHeadRow> head = LockAuditHead(conn);
  if (!head.ok()) return head.status();
  if (!KeyAuditChainIfNeeded(conn, settings, &*head)) return int64_t{0};
  SaveAuditHead(conn, *head);
  return head->keyed_from;
}

Status CheckAuditEvent(const OutboxSettings& settings,
                       const AuditEvent& event) {
  if (CleanText(event.event, kEventChars).empty()) {
    return Status::InvalidArgument("audit event without name");
  }
  if (settings.audit_key.empty()) return Status::Internal("no audit key");
  return Status::Ok();
}

Status AppendAuditsInTransaction(sql::Connection* conn,
                                 const OutboxSettings& settings,
                                 const std::vector<AuditEvent>& events) {
  if (events.empty()) return Status::Ok();
  for (const AuditEvent& event : events) {
    SESAME_RETURN_IF_ERROR(CheckAuditEvent(settings, event));
  }
  StatusOr<AuditHeadRow> head = LockAuditHead(conn);
  if (!head.ok()) return head.status();
  KeyAuditChainIfNeeded(conn, settings, &*head);
  // The request being served on this thread, if any (nginx's $request_id,
  // checked when the request was read).
  const std::string& request_id = CurrentRequestId();
  std::vector<AuditRow> rows;
  rows.reserve(events.size());
  for (const AuditEvent& event : events) {
    rows.push_back(ChainKeyedAuditRow(
        settings, &*head, event.account_id, CleanText(event.event, kEventChars),
        CleanText(event.client_ip, kClientIpChars),
        CleanText(event.detail, kDetailChars), request_id));
  }
  for (size_t first = 0; first < rows.size(); first += kAuditRowsPerInsert) {
    InsertAuditRows(conn, head->now, rows.data() + first,
                    std::min(kAuditRowsPerInsert, rows.size() - first));
  }
  SaveAuditHead(conn, *head);
  return Status::Ok();
}

Status AppendAuditInTransaction(sql::Connection* conn,
                                const OutboxSettings& settings,
                                const AuditEvent& event) {
  return AppendAuditsInTransaction(conn, settings, {event});
}

Status DeferredWrites::Audit(const OutboxSettings& settings,
                             const AuditEvent& event) {
  SESAME_RETURN_IF_ERROR(CheckAuditEvent(settings, event));
  audit.push_back(event);
  return Status::Ok();
}

void DeferredWrites::Take(DeferredWrites&& later) {
  outbox.insert(outbox.end(), std::make_move_iterator(later.outbox.begin()),
                std::make_move_iterator(later.outbox.end()));
  later.outbox.clear();
  audit.insert(audit.end(), std::make_move_iterator(later.audit.begin()),
               std::make_move_iterator(later.audit.end()));
  later.audit.clear();
}

Status DeferredWrites::Flush(sql::Connection* conn,
                             const OutboxSettings& settings) {
  std::vector<OutboxRow> rows = std::move(outbox);
  outbox.clear();
  std::vector<AuditEvent> events = std::move(audit);
  audit.clear();
  // In the order they were queued: ids follow it.
  for (size_t first = 0; first < rows.size(); first += kOutboxRowsPerInsert) {
    InsertOutboxRows(conn, rows.data() + first,
                     std::min(kOutboxRowsPerInsert, rows.size() - first));
  }
  // Last: the audit head stays locked until the transaction ends.
  return AppendAuditsInTransaction(conn, settings, events);
}

Status AuditInTransaction(sql::Connection* conn, const OutboxSettings& settings,
                          const AuditEvent& event, DeferredWrites* deferred) {
  if (deferred != nullptr) return deferred->Audit(settings, event);
  return AppendAuditInTransaction(conn, settings, event);
}

Status ChangePasswordInTransaction(sql::Connection* conn,
                                   const OutboxSettings& settings,
                                   const PasswordChange& change,
                                   DeferredWrites* deferred) {
  std::optional<size_t> length = CheckedUtf8Length(change.new_hash);
  if (!length || *length == 0 || *length > 255) {
    return Status::InvalidArgument("password hash: empty or too long");
  }
  if (change.temporary_password_hours < 0) {
    return Status::InvalidArgument("temporary_password_hours < 0");
  }
  auto update = Prepare(
      conn,
      "UPDATE accounts SET password_hash = ?, must_change_password = ?, "
      "password_expires_at = IF(? > 0, NOW(6) + INTERVAL ? HOUR, NULL), "
      "password_changed_at = NOW(6), updated_at = NOW(6) WHERE id = ?");
  update->setString(1, change.new_hash);
  update->setBoolean(2, change.must_change_password);
  update->setInt(3, change.temporary_password_hours);
  update->setInt(4, change.temporary_password_hours);
  update->setInt64(5, change.account_id);
  if (update->executeUpdate() == 0) return Status::NotFound("no such account");

  // Every other session of the account (an empty keep hash matches none).
  auto revoke = Prepare(conn,
                        "UPDATE sessions SET revoked_at = NOW(6) "
                        "WHERE account_id = ? AND revoked_at IS NULL "
                        "AND id_hash <> ?");
  revoke->setInt64(1, change.account_id);
  revoke->setString(2, change.keep_session_hash);
  revoke->executeUpdate();

  // Any live recovery request dies with the old password.
  auto supersede = Prepare(
      conn,
      "UPDATE recovery_requests SET superseded_at = NOW(6), "
      "expires_at = LEAST(expires_at, NOW(6)) WHERE account_id = ? AND "
      "used_at IS NULL AND superseded_at IS NULL AND expires_at > NOW(6)");
  supersede->setInt64(1, change.account_id);
  supersede->executeUpdate();

  if (change.notification) {
    SESAME_RETURN_IF_ERROR(
        EnqueueInTransaction(conn, settings, *change.notification, deferred));
  }
  AuditEvent audit = change.audit;
  if (!audit.account_id) audit.account_id = change.account_id;
  return AuditInTransaction(conn, settings, audit, deferred);
}

}  // namespace sesame
