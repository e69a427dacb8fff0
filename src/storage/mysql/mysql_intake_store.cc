#include "storage/mysql/mysql_intake_store.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "core/wake.h"
#include "crypto/crypto.h"
#include "storage/mysql/mysql_recovery_store.h"

namespace sesame {

namespace {

constexpr size_t kFieldChars = 1024;

// {"f": {name: value, ...}, "ip": "...", "l": "en"}: what is sealed into
// payload ("l" only when the request's language is known).
StatusOr<std::string> SerializeIntent(const Intent& intent) {
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [name, value] : intent.fields) {
    if (!CheckedUtf8Length(name) || !CheckedUtf8Length(value) ||
        value.size() > kFieldChars) {
      return Status::InvalidArgument("intent field: not UTF-8 or too long");
    }
    fields[name] = value;
  }
  if (!CheckedUtf8Length(intent.client_ip)) {
    return Status::InvalidArgument("intent client address: not UTF-8");
  }
  nlohmann::json j = {{"f", std::move(fields)}, {"ip", intent.client_ip}};
  if (!intent.language.empty()) {
    if (intent.language.size() > 8 || !CheckedUtf8Length(intent.language)) {
      return Status::InvalidArgument("intent language: not a language");
    }
    j["l"] = intent.language;
  }
  return j.dump();
}

bool ParseIntent(const std::string& json, Intent* intent) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("f") ||
      !j["f"].is_object() || !j.contains("ip") || !j["ip"].is_string()) {
    return false;
  }
  for (const auto& [name, value] : j["f"].items()) {
    if (!value.is_string()) return false;
    intent->fields[name] = value.get<std::string>();
  }
  intent->client_ip = j["ip"].get<std::string>();
  if (j.contains("l") && j["l"].is_string()) {
    intent->language = j["l"].get<std::string>();
  }
  return true;
}

}  // namespace

StatusOr<bool> MysqlIntakeStore::Submit(const Intent& intent,
                                        const std::vector<LimitCheck>& limits) {
  if (!ValidFlowName(intent.flow)) {
    return Status::InvalidArgument("intent flow name: 1 to 32 of [a-z0-9_]");
  }
  for (const LimitCheck& limit : limits) {
    if (limit.window_seconds <= 0) {
      return Status::InvalidArgument("rate-limit window must be positive");
    }
  }
  StatusOr<std::string> json = SerializeIntent(intent);
  if (!json.ok()) return json.status();
  const std::string sealed = crypto::Seal(settings_->intake_key, *json);
  bool accepted = false;
  Status status = db_->Transact([&](sql::Connection* conn) {
    StatusOr<bool> within =
        CountWithinLimitsInTransaction(conn, *settings_, limits);
    if (!within.ok()) return within.status();
    accepted = *within;
    if (!accepted) return Status::Ok();
    auto insert = Prepare(conn,
                          "INSERT INTO recovery_intents (flow, payload, "
                          "created_at) VALUES (?, ?, NOW(6))");
    insert->setString(1, intent.flow);
    insert->setString(2, sealed);
    insert->executeUpdate();
    NoteQueueWrite(kWakeIntents);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return accepted;
}

StatusOr<std::vector<Intent>> MysqlIntakeStore::ClaimIntents(
    const std::string& worker, int batch, int claim_seconds) {
  if (batch <= 0 || claim_seconds <= 0) {
    return Status::InvalidArgument("batch and claim_seconds must be positive");
  }
  std::vector<Intent> intents;
  Status status = db_->Transact([&](sql::Connection* conn) {
    intents.clear();
    auto expire = Prepare(conn,
                          "DELETE FROM recovery_intents WHERE created_at < "
                          "NOW(6) - INTERVAL ? SECOND AND (claimed_until IS "
                          "NULL OR claimed_until < NOW(6))");
    expire->setInt(1, kIntentLifetimeSeconds);
    expire->executeUpdate();

    const std::string token = ClaimRowsInTransaction(
        conn, "recovery_intents", "TRUE", worker, batch, claim_seconds);
    if (token.empty()) return Status::Ok();
    auto select = Prepare(conn,
                          "SELECT id, flow, payload FROM recovery_intents "
                          "WHERE claim_token = ? ORDER BY id");
    select->setString(1, token);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    std::vector<int64_t> unreadable;
    while (rs->next()) {
      Intent intent;
      intent.id = rs->getInt64(1);
      intent.flow = rs->getString(2);
      StatusOr<std::string> json =
          crypto::Open(settings_->intake_key, std::string(rs->getString(3)));
      if (!json.ok() || !ParseIntent(*json, &intent)) {
        unreadable.push_back(intent.id);
        continue;
      }
      intents.push_back(std::move(intent));
    }
    rs.reset();
    // Sealed with another key, or tampered with: it can never be handled.
    for (int64_t id : unreadable) {
      auto del = Prepare(conn, "DELETE FROM recovery_intents WHERE id = ?");
      del->setInt64(1, id);
      del->executeUpdate();
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return intents;
}

namespace {

// True when one of `guards`' marks is younger than its window. Locks the
// guarded accounts first (in id order), so outcomes for one account are
// decided one after the other; the marks are read with a locking read, which
// sees the last committed write.
bool GuardedInTransaction(sql::Connection* conn,
                          const std::vector<MarkGuard>& guards) {
  std::set<int64_t> accounts;
  for (const MarkGuard& guard : guards) accounts.insert(guard.account_id);
  for (int64_t account_id : accounts) {
    auto lock =
        Prepare(conn, "SELECT id FROM accounts WHERE id = ? FOR UPDATE");
    lock->setInt64(1, account_id);
    std::unique_ptr<sql::ResultSet> rs(lock->executeQuery());
  }
  for (const MarkGuard& guard : guards) {
    auto young = Prepare(conn,
                         "SELECT 1 FROM account_marks WHERE account_id = ? "
                         "AND name = ? AND at > NOW(6) - INTERVAL ? SECOND "
                         "FOR UPDATE");
    young->setInt64(1, guard.account_id);
    young->setString(2, guard.mark);
    young->setInt(3, guard.within_seconds);
    std::unique_ptr<sql::ResultSet> rs(young->executeQuery());
    if (rs->next()) return true;
  }
  return false;
}

}  // namespace

namespace {

// The SMS the outcome itself queues (not its refusal's), in order.
std::vector<const OutboxMessage*> SmsOf(const IntentOutcome& outcome) {
  std::vector<const OutboxMessage*> sms;
  auto add = [&](const OutboxMessage& message) {
    if (message.kind == OutboxMessage::Kind::kSms) sms.push_back(&message);
  };
  if (outcome.request) {
    for (const OutboxMessage& message : outcome.request->messages) add(message);
  }
  if (outcome.password_change && outcome.password_change->notification) {
    add(*outcome.password_change->notification);
  }
  for (const OutboxMessage& message : outcome.messages) add(message);
  return sms;
}

Status ValidMarks(const IntentOutcome& outcome) {
  for (const AccountMark& mark : outcome.marks) {
    if (!ValidMarkName(mark.name)) {
      return Status::InvalidArgument("mark name: 1 to 64 of [a-z0-9_.]");
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<IntentResult> MysqlIntakeStore::Finish(int64_t id,
                                                const std::string& worker,
                                                const IntentOutcome& outcome) {
  SESAME_RETURN_IF_ERROR(ValidMarks(outcome));
  IntentResult result = IntentResult::kWritten;
  Status status = db_->Transact([&](sql::Connection* conn) {
    DeferredWrites deferred;
    SESAME_RETURN_IF_ERROR(
        FinishInTransaction(conn, id, worker, outcome, &result, &deferred));
    return deferred.Flush(conn, *settings_);
  });
  if (!status.ok()) return status;
  return result;
}

StatusOr<std::vector<StatusOr<IntentResult>>> MysqlIntakeStore::FinishBatch(
    const std::string& worker, const std::vector<FinishItem>& intents) {
  std::vector<StatusOr<IntentResult>> results;
  Status status = db_->Transact([&](sql::Connection* conn) {
    results.clear();  // a retried transaction starts over
    // What the intents written deferred (their outbox and audit rows),
    // written together once the last intent is.
    DeferredWrites batch;
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    for (const auto& [id, outcome] : intents) {
      Status valid = ValidMarks(*outcome);
      if (!valid.ok()) {
        results.push_back(valid);
        continue;
      }
      // One intent's refusal or error undoes its own writes only.
      stmt->execute("SAVEPOINT sesame_intent");
      IntentResult result = IntentResult::kWritten;
      DeferredWrites deferred;
      Status finished =
          FinishInTransaction(conn, id, worker, *outcome, &result, &deferred);
      if (finished.ok()) {
        // Not released (a round trip saved): the next intent's SAVEPOINT
        // of that name replaces it, the commit drops it.
        results.push_back(result);
        batch.Take(std::move(deferred));
      } else {
        // Its writes undone, what it deferred dropped.
        stmt->execute("ROLLBACK TO SAVEPOINT sesame_intent");
        results.push_back(finished);
      }
    }
    // Last: the audit head stays locked until the commit.
    return batch.Flush(conn, *settings_);
  });
  if (!status.ok()) return status;
  return results;
}

Status MysqlIntakeStore::FinishInTransaction(sql::Connection* conn, int64_t id,
                                             const std::string& worker,
                                             const IntentOutcome& outcome,
                                             IntentResult* result,
                                             DeferredWrites* deferred) {
  *result = IntentResult::kWritten;
  auto del = Prepare(conn,
                     "DELETE FROM recovery_intents WHERE id = ? AND "
                     "claimed_by = ? AND claimed_until >= NOW(6)");
  del->setInt64(1, id);
  del->setString(2, CleanWorkerName(worker));
  if (del->executeUpdate() == 0) {
    return Status::FailedPrecondition("intent no longer claimed by worker");
  }
  auto limited = [&](const std::vector<size_t>& passed) {
    *result = IntentResult::kLimited;
    const std::vector<AuditEvent>* audit = &outcome.audit_if_limited;
    for (size_t i : passed) {
      auto by = outcome.audit_if_limited_by.find(i);
      if (by != outcome.audit_if_limited_by.end()) {
        audit = &by->second;
        break;
      }
    }
    for (const AuditEvent& event : *audit) {
      SESAME_RETURN_IF_ERROR(deferred->Audit(*settings_, event));
    }
    return Status::Ok();
  };
  // The SMS budgets of the SMS the outcome itself queues are counted with
  // its own limits: one upsert and one read for all of them.
  std::vector<LimitCheck> checks = outcome.limits;
  for (const OutboxMessage* sms : SmsOf(outcome)) {
    for (LimitCheck& check : SmsBudgetChecks(*settings_, sms->recipient)) {
      checks.push_back(std::move(check));
    }
  }
  const bool sms_counted = checks.size() > outcome.limits.size();
  std::vector<size_t> passed;
  StatusOr<bool> within =
      CountWithinLimitsInTransaction(conn, *settings_, checks, &passed);
  if (!within.ok()) return within.status();
  if (!*within) {
    std::erase_if(passed, [&](size_t i) { return i >= outcome.limits.size(); });
    // Only an SMS budget: the outcome's own limits count, as they did when
    // its SMS was refused after them.
    if (passed.empty()) SESAME_RETURN_IF_ERROR(CountOwnLimits(conn, outcome));
    return limited(passed);
  }
  if (!outcome.unless_marked.empty() &&
      GuardedInTransaction(conn, outcome.unless_marked)) {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    if (sms_counted) {
      // The refusal is written instead: what was counted for the outcome's
      // SMS is undone, its own limits counted again.
      stmt->execute("ROLLBACK TO SAVEPOINT sesame_limits");
      SESAME_RETURN_IF_ERROR(CountOwnLimits(conn, outcome));
    }
    // The refusal's messages count their SMS budgets as they are queued:
    // back to here when one is spent.
    stmt->execute("SAVEPOINT sesame_outcome");
    DeferredWrites refusal;
    Status written = WriteRefusalInTransaction(conn, outcome, &refusal);
    if (IsSmsBudgetSpent(written)) {
      stmt->execute("ROLLBACK TO SAVEPOINT sesame_outcome");
      return limited({});
    }
    SESAME_RETURN_IF_ERROR(written);
    *result = IntentResult::kMarked;
    deferred->Take(std::move(refusal));
    return Status::Ok();
  }
  DeferredWrites written;
  written.sms_budgets_counted = true;
  SESAME_RETURN_IF_ERROR(WriteOutcomeInTransaction(conn, outcome, &written));
  deferred->Take(std::move(written));
  return Status::Ok();
}

Status MysqlIntakeStore::CountOwnLimits(sql::Connection* conn,
                                        const IntentOutcome& outcome) {
  StatusOr<bool> within =
      CountWithinLimitsInTransaction(conn, *settings_, outcome.limits);
  if (!within.ok()) return within.status();
  // Under the locks the first count took, the same counts: within again.
  if (!*within) return Status::Internal("intent limits changed under lock");
  return Status::Ok();
}

Status MysqlIntakeStore::WriteRefusalInTransaction(sql::Connection* conn,
                                                   const IntentOutcome& outcome,
                                                   DeferredWrites* deferred) {
  for (const OutboxMessage& message : outcome.messages_if_marked) {
    SESAME_RETURN_IF_ERROR(
        EnqueueInTransaction(conn, *settings_, message, deferred));
  }
  if (outcome.render_if_marked) {
    StatusOr<std::vector<OutboxMessage>> rendered = outcome.render_if_marked();
    if (!rendered.ok()) return rendered.status();
    for (const OutboxMessage& message : *rendered) {
      SESAME_RETURN_IF_ERROR(
          EnqueueInTransaction(conn, *settings_, message, deferred));
    }
  }
  for (const AuditEvent& event : outcome.audit_if_marked) {
    SESAME_RETURN_IF_ERROR(deferred->Audit(*settings_, event));
  }
  return Status::Ok();
}

Status MysqlIntakeStore::WriteOutcomeInTransaction(sql::Connection* conn,
                                                   const IntentOutcome& outcome,
                                                   DeferredWrites* deferred) {
  if (outcome.request) {
    SESAME_RETURN_IF_ERROR(CreateRecoveryInTransaction(
        conn, *settings_, *outcome.request, deferred));
  }
  if (outcome.password_change) {
    SESAME_RETURN_IF_ERROR(ChangePasswordInTransaction(
        conn, *settings_, *outcome.password_change, deferred));
  }
  for (const AccountMark& mark : outcome.marks) {
    auto upsert = Prepare(conn,
                          "INSERT INTO account_marks (account_id, name, at) "
                          "VALUES (?, ?, NOW(6)) "
                          "ON DUPLICATE KEY UPDATE at = NOW(6)");
    upsert->setInt64(1, mark.account_id);
    upsert->setString(2, mark.name);
    upsert->executeUpdate();
  }
  for (const OutboxMessage& message : outcome.messages) {
    SESAME_RETURN_IF_ERROR(
        EnqueueInTransaction(conn, *settings_, message, deferred));
  }
  for (const AuditEvent& event : outcome.audit) {
    SESAME_RETURN_IF_ERROR(deferred->Audit(*settings_, event));
  }
  return Status::Ok();
}

}  // namespace sesame
