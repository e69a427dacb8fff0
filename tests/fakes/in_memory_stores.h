// In-memory fakes of the storage interfaces, for unit tests of screens and
// flows. One mutex guards everything; "now" is a counter the test moves.
// fail_with makes every call return that status (the database is down).
#ifndef SESAME_TESTS_FAKES_IN_MEMORY_STORES_H_
#define SESAME_TESTS_FAKES_IN_MEMORY_STORES_H_

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fakes/fake_oidc_state_store.h"
#include "storage/stores.h"

namespace sesame::testing {

class InMemoryStores : public AccountStore,
                       public SessionStore,
                       public RateLimiter,
                       public Outbox,
                       public AuditLog,
                       public Health,
                       public RecoveryStore,
                       public IntakeStore,
                       public CaptchaStore,
                       public DeskStore,
                       public EducationStore {
 public:
  Stores stores() {
    Stores s{this, this, this, this, this, this, this, this, this, this, this};
    s.oidc_states = &oidc_states;
    return s;
  }
  // The OpenID Connect logins under way (stores().oidc_states).
  FakeOidcStateStore oidc_states;

  // Test controls.
  std::optional<Status> fail_with;
  int64_t now = 1'000'000;  // seconds
  std::vector<AuditEvent> audit_events;
  std::vector<OutboxMessage> outbox;
  struct SessionRow {
    int64_t account_id;
    int64_t last_seen;
    int64_t expires;
    bool revoked = false;
  };
  std::map<std::string, SessionRow> sessions;
  std::map<int64_t, Account> accounts;
  // (kind, digest) -> account id.
  std::map<std::pair<std::string, std::string>, int64_t> identifiers;
  // (account id, mark name) -> when, in seconds on `now`.
  std::map<std::pair<int64_t, std::string>, int64_t> marks;
  // The SMS budgets every queued SMS counts against (as the MySQL stores'
  // EnqueueInTransaction): per destination, and in total.
  int sms_per_destination_hour = 5;
  int sms_global_hour = 500;
  // FindByIdentifier calls so far (the same work whatever was typed).
  int identifier_lookups = 0;
  // Runs first in SessionStore::Create, outside the lock: what a concurrent
  // request does meanwhile.
  std::function<void()> before_session_create;

  // AccountStore
  StatusOr<Account> FindByLogin(const std::string& login) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    for (auto& [id, a] : accounts) {
      if (a.login == login) return a;
    }
    return Status::NotFound("no such login");
  }
  StatusOr<Account> FindById(int64_t id) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = accounts.find(id);
    if (it == accounts.end()) return Status::NotFound("no such id");
    return it->second;
  }
  StatusOr<Account> FindByIdentifier(const std::string& kind,
                                     const std::string& digest) override {
    std::lock_guard<std::mutex> l(mu_);
    ++identifier_lookups;
    if (fail_with) return *fail_with;
    auto it = identifiers.find({kind, digest});
    if (it == identifiers.end()) return Status::NotFound("no such identifier");
    return accounts[it->second];
  }
  StatusOr<std::optional<long long>> SecondsSinceMark(
      int64_t account_id, const std::string& name) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = marks.find({account_id, name});
    if (it == marks.end()) return std::optional<long long>();
    return std::optional<long long>(now - it->second);
  }
  StatusOr<int64_t> Add(const NewAccount& n, const AuditEvent& e) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    return AddLocked(n, e);
  }
  Status AddMany(const std::vector<NewAccount>& all,
                 const AuditEvent& e) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    for (const auto& n : all) {
      for (auto& [id, a] : accounts) {
        if (a.login == n.login) return Status::AlreadyExists(n.login);
      }
      for (const AccountIdentifier& i : n.identifiers) {
        if (identifiers.count({i.kind, i.digest})) {
          return Status::AlreadyExists(i.kind);
        }
      }
    }
    for (const auto& n : all) (void)AddLocked(n, e);
    return Status::Ok();
  }
  Status SetDisabled(int64_t id, bool disabled, const AuditEvent& e) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    accounts[id].disabled = disabled;
    if (disabled) {
      for (auto& [h, s] : sessions) {
        if (s.account_id == id) s.revoked = true;
      }
    }
    audit_events.push_back(e);
    return Status::Ok();
  }
  Status ChangePassword(const PasswordChange& c) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    ChangePasswordLocked(c);
    return Status::Ok();
  }
  Status UpdatePasswordHash(int64_t id, const std::string& phc) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    accounts[id].password_hash = phc;
    return Status::Ok();
  }
  Status SetLanguage(int64_t id, const std::string& language) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = accounts.find(id);
    if (it == accounts.end()) return Status::NotFound("no such account");
    it->second.language = language;
    return Status::Ok();
  }

  StatusOr<bool> SpendTotpStep(int64_t id, int64_t step) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    Account& a = accounts[id];
    if (a.totp_last_step && *a.totp_last_step >= step) return false;
    a.totp_last_step = step;
    return true;
  }

  // SessionStore
  Status Create(const NewSession& s, const AuditEvent& e) override {
    if (before_session_create) before_session_create();
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    if (!s.one_time_password_hash.empty()) {
      Account& a = accounts[s.account_id];
      if (!a.must_change_password || a.password_expired ||
          a.password_hash != s.one_time_password_hash) {
        return Status::FailedPrecondition("one-time password already spent");
      }
      a.password_expired = true;
    }
    sessions[s.id_hash] = {s.account_id, now, now + s.absolute_seconds};
    for (const std::string& key : s.forget_limits) hits_.erase(key);
    audit_events.push_back(e);
    return Status::Ok();
  }
  StatusOr<Session> Touch(const std::string& id_hash,
                          int idle_seconds) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = sessions.find(id_hash);
    if (it == sessions.end() || it->second.revoked ||
        it->second.last_seen + idle_seconds <= now ||
        it->second.expires <= now || accounts[it->second.account_id].disabled) {
      return Status::NotFound("no live session");
    }
    it->second.last_seen = now;
    const Account& account = accounts[it->second.account_id];
    return Session{id_hash, it->second.account_id, account.login,
                   account.must_change_password};
  }
  Status Revoke(const std::string& id_hash, const AuditEvent& e) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    sessions[id_hash].revoked = true;
    audit_events.push_back(e);
    return Status::Ok();
  }

  // RateLimiter (windows ignored: tests reset explicitly)
  StatusOr<int> Hit(const std::string& key, int) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    return ++hits_[key];
  }
  StatusOr<std::vector<int>> HitAll(
      const std::vector<LimitCheck>& keys) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    std::vector<int> counts;
    for (const LimitCheck& k : keys) counts.push_back(++hits_[k.key]);
    return counts;
  }
  StatusOr<std::optional<size_t>> HitWithin(
      const std::vector<LimitCheck>& checks) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    for (size_t i = 0; i < checks.size(); ++i) {
      if (hits_[checks[i].key] + 1 > checks[i].limit) {
        return std::optional<size_t>(i);
      }
    }
    for (const LimitCheck& c : checks) ++hits_[c.key];
    return std::optional<size_t>();
  }
  Status Reset(const std::string& key) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    hits_.erase(key);
    return Status::Ok();
  }
  StatusOr<int> Count(const std::string& key, int) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = hits_.find(key);
    return it == hits_.end() ? 0 : it->second;
  }
  int HitsFor(const std::string& key) {
    std::lock_guard<std::mutex> l(mu_);
    return hits_[key];
  }

  // Outbox (queue only; delivery has its own fake)
  Status Enqueue(const OutboxMessage& m) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    if (!SmsWithinBudgetLocked({m})) return SmsBudgetSpent();
    outbox.push_back(m);
    return Status::Ok();
  }
  StatusOr<std::vector<OutboxRow>> Claim(const std::string&, int,
                                         int) override {
    return std::vector<OutboxRow>{};
  }
  StatusOr<int> Record(const std::string&,
                       const std::vector<OutboxOutcome>& outcomes) override {
    return static_cast<int>(outcomes.size());
  }
  Status MarkSent(int64_t, const std::string&) override { return Status::Ok(); }
  Status MarkRetry(int64_t, const std::string&, int,
                   const std::string&) override {
    return Status::Ok();
  }

  // AuditLog
  Status Append(const AuditEvent& e) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    audit_events.push_back(e);
    return Status::Ok();
  }
  StatusOr<AuditReport> Verify(const std::optional<AuditAnchor>&) override {
    AuditReport report;
    report.rows = static_cast<int64_t>(audit_events.size());
    report.head.id = report.rows;
    return report;
  }

  // RecoveryStore. Times are seconds on `now`.
  struct RequestRow {
    NewRecoveryRequest request;
    int64_t expires = 0;
    int64_t code_expires = 0;
    int attempts = 0;
    int sends = 0;
    bool used = false;
    bool superseded = false;
  };
  std::map<int64_t, RequestRow> requests;

  Status Create(const NewRecoveryRequest& r) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    if (!SmsWithinBudgetLocked(r.messages)) return SmsBudgetSpent();
    CreateLocked(r);
    return Status::Ok();
  }
  void CreateLocked(const NewRecoveryRequest& r) {
    for (auto& [id, row] : requests) {
      if (row.request.account_id == r.account_id && !row.used) {
        row.superseded = true;
      }
    }
    RequestRow row{
        r, now + r.ttl_seconds,
        now + (r.code_ttl_seconds ? r.code_ttl_seconds : r.ttl_seconds), 0,
        r.code_hmac.empty() ? 0 : 1};
    requests[static_cast<int64_t>(requests.size()) + 1] = row;
    for (const auto& m : r.messages) outbox.push_back(m);
    audit_events.push_back(r.audit);
  }
  StatusOr<RecoveryRequest> FindByToken(const std::string& hash) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    for (auto& [id, row] : requests) {
      if (row.request.token_hash != hash) continue;
      RecoveryRequest out;
      out.id = id;
      out.account_id = row.request.account_id;
      out.flow = row.request.flow;
      out.code_hmac = row.request.code_hmac;
      out.code_attempts = row.attempts;
      out.code_sends = row.sends;
      out.used = row.used;
      out.superseded = row.superseded;
      out.expired = row.expires <= now;
      out.code_expired = row.code_expires <= now;
      out.account_disabled = accounts[row.request.account_id].disabled;
      return out;
    }
    return Status::NotFound("no such token");
  }
  StatusOr<int> CountAttempt(int64_t id) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    RequestRow& row = requests[id];
    if (!LiveLocked(row)) return Status::FailedPrecondition("not live");
    return ++row.attempts;
  }
  Status ReplaceCode(int64_t id, const std::string& code_hmac,
                     int code_ttl_seconds, int max_sends,
                     const OutboxMessage& sms,
                     const AuditEvent& audit) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    RequestRow& row = requests[id];
    if (!LiveLocked(row)) return Status::FailedPrecondition("not live");
    if (row.sends >= max_sends) return Status::ResourceExhausted("sends");
    if (!SmsWithinBudgetLocked({sms})) return SmsBudgetSpent();
    row.request.code_hmac = code_hmac;
    row.code_expires = now + code_ttl_seconds;
    ++row.sends;
    outbox.push_back(sms);
    audit_events.push_back(audit);
    return Status::Ok();
  }
  Status Complete(int64_t id, const PasswordChange& change) override {
    {
      std::lock_guard<std::mutex> l(mu_);
      if (fail_with) return *fail_with;
      RequestRow& row = requests[id];
      if (!LiveLocked(row) || accounts[row.request.account_id].disabled) {
        return Status::FailedPrecondition("already used or dead");
      }
      if (change.notification &&
          !SmsWithinBudgetLocked({*change.notification})) {
        return SmsBudgetSpent();
      }
      row.used = true;
    }
    return ChangePassword(change);
  }

  // IntakeStore: claims everything waiting; Finish applies the outcome.
  std::vector<Intent> intents;
  StatusOr<bool> Submit(const Intent& intent,
                        const std::vector<LimitCheck>& limits) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    if (!WithinLimitsLocked(limits)) return false;
    intents.push_back(intent);
    intents.back().id = ++last_intent_id_;
    return true;
  }
  StatusOr<std::vector<Intent>> ClaimIntents(const std::string&, int,
                                             int) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    return intents;
  }
  StatusOr<IntentResult> Finish(int64_t id, const std::string&,
                                const IntentOutcome& outcome) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    std::erase_if(intents, [id](const Intent& i) { return i.id == id; });
    std::vector<size_t> passed;
    auto limited = [&] {
      const std::vector<AuditEvent>* audit = &outcome.audit_if_limited;
      for (size_t i : passed) {
        auto by = outcome.audit_if_limited_by.find(i);
        if (by != outcome.audit_if_limited_by.end()) {
          audit = &by->second;
          break;
        }
      }
      for (const auto& e : *audit) audit_events.push_back(e);
      return IntentResult::kLimited;
    };
    if (!WithinLimitsLocked(outcome.limits, &passed)) return limited();
    for (const MarkGuard& g : outcome.unless_marked) {
      auto it = marks.find({g.account_id, g.mark});
      if (it == marks.end() || now - it->second >= g.within_seconds) continue;
      std::vector<OutboxMessage> refusal = outcome.messages_if_marked;
      if (outcome.render_if_marked) {
        StatusOr<std::vector<OutboxMessage>> rendered =
            outcome.render_if_marked();
        if (!rendered.ok()) return rendered.status();
        refusal.insert(refusal.end(), rendered->begin(), rendered->end());
      }
      if (!SmsWithinBudgetLocked(refusal)) return limited();
      for (const auto& m : refusal) outbox.push_back(m);
      for (const auto& e : outcome.audit_if_marked) audit_events.push_back(e);
      return IntentResult::kMarked;
    }
    std::vector<OutboxMessage> queued = outcome.messages;
    if (outcome.request) {
      queued.insert(queued.end(), outcome.request->messages.begin(),
                    outcome.request->messages.end());
    }
    if (outcome.password_change && outcome.password_change->notification) {
      queued.push_back(*outcome.password_change->notification);
    }
    if (!SmsWithinBudgetLocked(queued)) return limited();
    for (const auto& m : outcome.messages) outbox.push_back(m);
    if (outcome.request) CreateLocked(*outcome.request);
    if (outcome.password_change) ChangePasswordLocked(*outcome.password_change);
    for (const AccountMark& m : outcome.marks) {
      marks[{m.account_id, m.name}] = now;
    }
    for (const auto& e : outcome.audit) audit_events.push_back(e);
    return IntentResult::kWritten;
  }

  // CaptchaStore. Times are seconds on `now`.
  struct CaptchaRow {
    std::string answer_mac;
    std::string binding;
    int64_t expires = 0;
    bool used = false;
  };
  std::map<std::string, CaptchaRow> captchas;

  Status Create(const std::string& id_hash, const std::string& answer_mac,
                const std::string& binding, int ttl_seconds) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    if (id_hash.size() != 32 || answer_mac.size() != 32 ||
        binding.size() != 32 || ttl_seconds <= 0) {
      return Status::InvalidArgument("captcha");
    }
    if (!captchas
             .emplace(id_hash,
                      CaptchaRow{answer_mac, binding, now + ttl_seconds})
             .second) {
      return Status::AlreadyExists("captcha id");
    }
    return Status::Ok();
  }
  StatusOr<bool> Live(const std::string& id_hash) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = captchas.find(id_hash);
    return it != captchas.end() && !it->second.used && it->second.expires > now;
  }
  StatusOr<std::optional<std::string>> Consume(
      const std::string& id_hash, const std::string& binding) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = captchas.find(id_hash);
    if (it == captchas.end() || it->second.used || it->second.expires <= now ||
        it->second.binding != binding) {
      return std::optional<std::string>();
    }
    it->second.used = true;
    return std::optional<std::string>(it->second.answer_mac);
  }

  // DeskStore. Times are seconds on `now`; `slips` by owner.
  struct SlipRow {
    std::string sealed;
    int64_t expires = 0;
  };
  std::map<std::string, SlipRow> slips;

  StatusOr<bool> Act(const DeskAction& action) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    if (action.password.has_value() == action.identifier.has_value() ||
        action.slip_owner.size() != 32 || action.slip_sealed.empty()) {
      return Status::InvalidArgument("desk action");
    }
    if (!accounts.count(action.agent_id)) {
      return Status::NotFound("no such agent");
    }
    if (!WithinLimitsLocked(action.limits)) return false;
    AuditEvent agent_audit = action.agent_audit;
    if (!agent_audit.account_id) agent_audit.account_id = action.agent_id;
    if (action.password) {
      PasswordChange change;
      change.account_id = action.agent_id;
      change.new_hash = action.password->hash;
      change.must_change_password = true;
      change.temporary_password_hours =
          action.password->temporary_password_hours;
      change.audit = agent_audit;
      change.notification = action.notification;
      ChangePasswordLocked(change);
    } else {
      std::erase_if(identifiers, [&](const auto& entry) {
        return entry.first.first == action.identifier->kind &&
               entry.second == action.agent_id;
      });
      identifiers[{action.identifier->kind, action.identifier->digest}] =
          action.agent_id;
      for (auto& [h, s] : sessions) {
        if (s.account_id == action.agent_id) s.revoked = true;
      }
      if (action.notification) outbox.push_back(*action.notification);
      audit_events.push_back(agent_audit);
    }
    audit_events.push_back(action.officer_audit);
    slips[action.slip_owner] = {action.slip_sealed,
                                now + action.slip_ttl_seconds};
    return true;
  }
  StatusOr<std::optional<std::string>> TakeSlip(
      const std::string& owner) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = slips.find(owner);
    if (it == slips.end()) return std::optional<std::string>();
    std::optional<std::string> sealed;
    if (it->second.expires > now) sealed = it->second.sealed;
    slips.erase(it);
    return sealed;
  }
  StatusOr<std::vector<AuditRow>> AuditOf(int64_t account_id,
                                          const std::string& event_prefix,
                                          int limit) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    std::vector<AuditRow> rows;
    for (size_t i = 0; i < audit_events.size(); ++i) {
      const AuditEvent& e = audit_events[i];
      if (e.account_id != account_id || e.event.rfind(event_prefix, 0) != 0) {
        continue;
      }
      rows.push_back({static_cast<int64_t>(i) + 1, "", e.account_id, e.event,
                      e.client_ip, e.detail});
    }
    if (rows.size() > static_cast<size_t>(std::max(limit, 0))) {
      rows.erase(rows.begin(), rows.end() - std::max(limit, 0));
    }
    return rows;
  }

  // EducationStore. Times are seconds on `now`.
  struct VoterRow {
    VoterFacts facts;
    bool invalidated = false;
    std::string reason;
    int failures = 0;
    int64_t activation_expires = 0;
  };
  std::map<int64_t, VoterRow> voters;
  struct GrantRow {
    int64_t account_id = 0;
    int64_t expires = 0;
    bool used = false;
  };
  std::map<std::string, GrantRow> grants;
  struct CodeSlipRow {
    std::string sealed;
    int64_t expires = 0;
  };
  std::map<std::string, CodeSlipRow> code_slips;
  // Runs first in Regenerate, outside the lock: what a concurrent request
  // does meanwhile.
  std::function<void()> before_regenerate;

  StatusOr<Voter> FindVoter(int64_t account_id) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = voters.find(account_id);
    if (it == voters.end()) return Status::NotFound("no such voter");
    const VoterRow& r = it->second;
    Voter v;
    v.account_id = account_id;
    v.vote_code_hash = r.facts.vote_code_hash;
    v.vote_code_invalidated = r.invalidated;
    v.invalidated_reason = r.reason;
    v.vote_code_failures = r.failures;
    v.question_id = r.facts.question_id;
    v.answer_digest = r.facts.answer_digest;
    v.numen_digest = r.facts.numen_digest;
    v.nir_digest = r.facts.nir_digest;
    v.pivot_digest = r.facts.pivot_digest;
    return v;
  }
  StatusOr<VoteAttempt> CountVoteAttempt(int64_t account_id) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = voters.find(account_id);
    if (it == voters.end()) return Status::NotFound("no such voter");
    if (it->second.invalidated) return VoteAttempt{true, it->second.failures};
    return VoteAttempt{false, ++it->second.failures};
  }
  Status ResetVoteAttempts(int64_t account_id) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    voters[account_id].failures = 0;
    return Status::Ok();
  }
  StatusOr<bool> InvalidateVoteCode(int64_t account_id,
                                    const std::string& reason,
                                    const AuditEvent& audit) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = voters.find(account_id);
    if (it == voters.end()) return Status::NotFound("no such voter");
    if (it->second.invalidated) return false;
    it->second.invalidated = true;
    it->second.reason = reason;
    AuditEvent e = audit;
    if (!e.account_id) e.account_id = account_id;
    audit_events.push_back(e);
    return true;
  }
  Status GrantFromLink(int64_t request_id, const NewGrant& grant) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = requests.find(request_id);
    if (it == requests.end() || !LiveLocked(it->second) ||
        it->second.request.account_id != grant.account_id ||
        accounts[grant.account_id].disabled) {
      return Status::FailedPrecondition("already used or dead");
    }
    it->second.used = true;
    GrantLocked(grant);
    return Status::Ok();
  }
  Status Grant(const NewGrant& grant) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    if (!accounts.count(grant.account_id)) return Status::NotFound("account");
    GrantLocked(grant);
    return Status::Ok();
  }
  StatusOr<std::optional<int64_t>> FindGrant(
      const std::string& token_hash) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = grants.find(token_hash);
    if (it == grants.end() || it->second.used || it->second.expires <= now ||
        accounts[it->second.account_id].disabled) {
      return std::optional<int64_t>();
    }
    return std::optional<int64_t>(it->second.account_id);
  }
  StatusOr<bool> Regenerate(const Regeneration& r) override {
    if (before_regenerate) before_regenerate();
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = grants.find(r.grant_hash);
    if (it == grants.end() || it->second.used || it->second.expires <= now ||
        accounts[it->second.account_id].disabled) {
      return false;
    }
    it->second.used = true;
    VoterRow& v = voters[it->second.account_id];
    v.facts.vote_code_hash = r.vote_code_hash;
    v.invalidated = false;
    v.reason.clear();
    v.failures = 0;
    code_slips[r.slip_owner] = {r.slip_sealed, now + r.slip_ttl_seconds};
    if (r.notification) outbox.push_back(*r.notification);
    AuditEvent e = r.audit;
    if (!e.account_id) e.account_id = it->second.account_id;
    audit_events.push_back(e);
    return true;
  }
  StatusOr<std::optional<std::string>> TakeCodeSlip(
      const std::string& owner) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = code_slips.find(owner);
    if (it == code_slips.end()) return std::optional<std::string>();
    std::optional<std::string> sealed;
    if (it->second.expires > now) sealed = it->second.sealed;
    code_slips.erase(it);
    return sealed;
  }
  StatusOr<std::optional<int64_t>> FindActivation(
      const std::string& token_hash) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    for (auto& [id, v] : voters) {
      if (!v.facts.activation_token_hash.empty() &&
          v.facts.activation_token_hash == token_hash &&
          v.activation_expires > now && v.facts.question_id.empty() &&
          !accounts[id].disabled) {
        return std::optional<int64_t>(id);
      }
    }
    return std::optional<int64_t>();
  }
  StatusOr<bool> Activate(const std::string& token_hash,
                          const std::string& question_id,
                          const std::string& answer_digest,
                          const AuditEvent& audit) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    for (auto& [id, v] : voters) {
      if (v.facts.activation_token_hash.empty() ||
          v.facts.activation_token_hash != token_hash ||
          v.activation_expires <= now || !v.facts.question_id.empty()) {
        continue;
      }
      v.facts.question_id = question_id;
      v.facts.answer_digest = answer_digest;
      v.facts.activation_token_hash.clear();
      audit_events.push_back(audit);
      return true;
    }
    return false;
  }

  // Health
  Status Ping() override {
    std::lock_guard<std::mutex> l(mu_);
    return fail_with ? *fail_with : Status::Ok();
  }

 private:
  // Counts every limit when all stay within once counted; otherwise counts
  // nothing and returns false (as CountWithinLimitsInTransaction).
  // `passed` (may be null): the indexes of the limits that would be passed.
  bool WithinLimitsLocked(const std::vector<LimitCheck>& limits,
                          std::vector<size_t>* passed = nullptr) {
    std::map<std::string, int> add;
    bool within = true;
    for (size_t i = 0; i < limits.size(); ++i) {
      const LimitCheck& limit = limits[i];
      if (hits_[limit.key] + (add[limit.key] += limit.add) > limit.limit) {
        within = false;
        if (passed != nullptr) passed->push_back(i);
      }
    }
    if (!within) return false;
    for (const auto& [key, n] : add) hits_[key] += n;
    return true;
  }
  // The SMS budgets of `messages`' SMS, counted only when all fit.
  bool SmsWithinBudgetLocked(const std::vector<OutboxMessage>& messages) {
    std::vector<LimitCheck> limits;
    for (const OutboxMessage& m : messages) {
      if (m.kind != OutboxMessage::Kind::kSms) continue;
      limits.push_back(
          {"sms:dest:" + m.recipient, 3600, sms_per_destination_hour});
      limits.push_back({"sms:global", 3600, sms_global_hour});
    }
    return WithinLimitsLocked(limits);
  }

  void ChangePasswordLocked(const PasswordChange& c) {
    Account& a = accounts[c.account_id];
    a.password_hash = c.new_hash;
    a.must_change_password = c.must_change_password;
    a.password_expired = false;
    for (auto& [h, s] : sessions) {
      if (s.account_id == c.account_id && h != c.keep_session_hash) {
        s.revoked = true;
      }
    }
    // As ChangePasswordInTransaction: the account's live requests die.
    for (auto& [id, row] : requests) {
      if (row.request.account_id == c.account_id && !row.used) {
        row.superseded = true;
      }
    }
    audit_events.push_back(c.audit);
    if (c.notification) outbox.push_back(*c.notification);
  }

  StatusOr<int64_t> AddLocked(const NewAccount& n, const AuditEvent& e) {
    for (auto& [id, a] : accounts) {
      if (a.login == n.login) return Status::AlreadyExists(n.login);
    }
    for (const AccountIdentifier& i : n.identifiers) {
      if (identifiers.count({i.kind, i.digest})) {
        return Status::AlreadyExists(i.kind);
      }
    }
    int64_t id = static_cast<int64_t>(accounts.size()) + 1;
    Account a;
    a.id = id;
    a.login = n.login;
    a.email = n.email;
    a.phone = n.phone;
    a.display_name = n.display_name;
    a.password_hash = n.password_hash;
    a.must_change_password = n.must_change_password;
    a.role = n.role;
    a.bureau = n.bureau;
    a.totp_sealed = n.totp_sealed;
    a.language = n.language;
    for (const AccountIdentifier& i : n.identifiers) {
      identifiers[{i.kind, i.digest}] = id;
    }
    accounts[id] = a;
    if (n.voter) {
      VoterRow v;
      v.facts = *n.voter;
      v.activation_expires = now + n.voter->activation_ttl_seconds;
      voters[id] = v;
    }
    for (const OutboxMessage& m : n.messages) outbox.push_back(m);
    audit_events.push_back(e);
    return id;
  }

  void GrantLocked(const NewGrant& grant) {
    grants[grant.token_hash] = {grant.account_id, now + grant.ttl_seconds};
    AuditEvent e = grant.audit;
    if (!e.account_id) e.account_id = grant.account_id;
    audit_events.push_back(e);
  }

  bool LiveLocked(const RequestRow& row) const {
    return !row.used && !row.superseded && row.expires > now;
  }

  std::mutex mu_;
  std::map<std::string, int> hits_;
  int64_t last_intent_id_ = 0;
};

}  // namespace sesame::testing

#endif  // SESAME_TESTS_FAKES_IN_MEMORY_STORES_H_
