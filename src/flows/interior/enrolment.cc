#include "flows/interior/enrolment.h"

#include <ctime>

#include "flows/interior/facts.h"

namespace sesame {

std::vector<AccountOption> AgentOptions() {
  return {
      {"matricule",
       "the agent's matricule (1 to 12 digits, on the agent card); with "
       "--birth-date, --card-number and --iban, makes the account an "
       "Interior agent and prints its new security key once"},
      {"birth-date", "the agent's birth date, JJ/MM/AAAA"},
      {"card-number",
       "the agent card number: its 6 first characters make half of the "
       "réassort secret; never stored"},
      {"iban",
       "the agent's IBAN (check digits verified): its 6 last characters make "
       "the other half; never stored"},
      {"bureau",
       "the agent's « bureau de vote électronique »: only officers of the "
       "same bureau act on the agent at the desk"},
  };
}

CivilDate Today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

Status EnrolAgent(const FlowDeps& deps,
                  const std::map<std::string, std::string>& given,
                  const CivilDate& today, NewAccount* account,
                  std::vector<std::string>* told) {
  auto value = [&](const char* name) -> const std::string* {
    auto it = given.find(name);
    return it == given.end() ? nullptr : &it->second;
  };
  const std::string* bureau = value("bureau");
  if (bureau != nullptr) account->bureau = *bureau;
  const std::string* typed_matricule = value("matricule");
  const std::string* typed_birth = value("birth-date");
  const std::string* typed_card = value("card-number");
  const std::string* typed_iban = value("iban");
  if (!typed_matricule && !typed_birth && !typed_card && !typed_iban) {
    return Status::Ok();  // --bureau alone
  }
  if (!typed_matricule || !typed_birth || !typed_card || !typed_iban) {
    return Status::InvalidArgument(
        "matricule, birth-date, card-number and iban go together (an "
        "Interior agent needs all four)");
  }
  std::optional<std::string> matricule = NormaliseMatricule(*typed_matricule);
  if (!matricule) {
    return Status::InvalidArgument("matricule: 1 to 12 digits, nothing else");
  }
  BirthDate birth = ParseBirthDate(*typed_birth, today);
  if (birth.problem != BirthDateProblem::kNone) {
    return Status::InvalidArgument("birth-date: " +
                                   BirthDateMessage(birth.problem));
  }
  std::optional<std::string> card = NormaliseCardNumber(*typed_card);
  if (!card) {
    return Status::InvalidArgument(
        "card-number: 6 to 32 letters or digits (spaces and dashes are "
        "ignored)");
  }
  Iban iban = NormaliseIban(*typed_iban);
  if (iban.problem == IbanProblem::kFormat) {
    return Status::InvalidArgument(
        "iban: not an IBAN (2 letters, 2 check digits, then 11 to 30 letters "
        "or digits)");
  }
  if (iban.problem == IbanProblem::kCheckDigits) {
    return Status::InvalidArgument(
        "iban: its check digits are wrong (mod 97): check for a typing "
        "mistake");
  }
  const Config& config = *deps.config;
  const std::string secret = DeriveReassortSecret(*card, iban.normalised);
  StatusOr<std::string> reassort = ReassortDigest(
      config, deps.hasher, ReassortFact(*matricule, birth.canonical, secret));
  if (!reassort.ok()) return reassort.status();
  const std::string key = NewSecurityKey();
  account->role = kRoleAgent;
  account->identifiers.push_back(
      {kMatriculeKind,
       FactDigest(config, kMatriculeKind, MatriculeFact(*matricule))});
  account->identifiers.push_back(
      {kIdentityKind, FactDigest(config, kIdentityKind,
                                 IdentityFact(*matricule, birth.canonical))});
  account->identifiers.push_back(
      {kSecurityKeyKind,
       FactDigest(config, kSecurityKeyKind, SecurityKeyFact(*matricule, key))});
  account->identifiers.push_back({kReassortKind, *reassort});
  told->push_back("security key (code de sécurité), shown only now: " +
                  GroupSecurityKey(key));
  return Status::Ok();
}

}  // namespace sesame
