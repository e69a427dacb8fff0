#include "flows/education/enrolment.h"

#include "core/utf8.h"
#include "crypto/crypto.h"
#include "flows/education/facts.h"
#include "flows/education/rules.h"
#include "flows/education/settings.h"
#include "recovery/link_rules.h"
#include "screens/messages.h"

namespace sesame {

std::vector<AccountOption> VoterOptions() {
  return {
      {"numen",
       "the voter's NUMEN (13 characters): makes the account an Education "
       "voter; kept as a keyed digest"},
      {"nir10",
       "the first 10 characters of the voter's NIR (n° de sécurité sociale, "
       "2A/2B for Corsica); kept as a keyed digest"},
      {"vote-code-initial",
       "the voter's vote code as printed on the paper notice (8 to 64 "
       "characters); kept as an Argon2id hash"},
      {"question",
       "the challenge question's id (voiture, animal, ecole, ville_parents, "
       "ami, livre), with --answer; without it, the account-opening link is "
       "mailed to the work address"},
      {"answer", "the answer to --question; kept as a keyed digest"},
      {"franceconnect-pivot",
       "the voter's FranceConnect identity: \"NOM|Prénoms|AAAA-MM-JJ|code "
       "INSEE du lieu de naissance|male or female\"; kept as a keyed digest"},
  };
}

Status EnrolVoter(const FlowDeps& deps,
                  const std::map<std::string, std::string>& given,
                  NewAccount* account, std::vector<std::string>* told) {
  auto value = [&](const char* name) -> const std::string* {
    auto it = given.find(name);
    return it == given.end() ? nullptr : &it->second;
  };
  const Config& config = *deps.config;
  const std::string& login = account->login;
  const std::string* numen = value("numen");
  const std::string* nir = value("nir10");
  if (numen == nullptr && nir == nullptr) {
    return Status::InvalidArgument(
        "numen or nir10: an Education voter needs at least one (the "
        "« réassort » asks for it)");
  }
  VoterFacts voter;
  for (const auto& [name, typed] :
       {std::pair{"numen", numen}, std::pair{"nir10", nir}}) {
    if (typed == nullptr) continue;
    VoterId id = ParseVoterId(*typed);
    const bool want_numen = std::string(name) == "numen";
    if (id.problem == VoterIdProblem::kNone &&
        (id.kind == VoterIdKind::kNumen) != want_numen) {
      id.problem =
          want_numen ? VoterIdProblem::kNumenFormat : VoterIdProblem::kFormat;
    }
    if (id.problem != VoterIdProblem::kNone) {
      return Status::InvalidArgument(
          std::string(name) + ": " +
          (want_numen ? "13 characters: 2 digits, 1 letter, 7 digits, 3 "
                        "letters (07E0123456ABC)"
                      : "10 characters: sex (1, 2, 7, 8), year, month (01-12 "
                        "or 20+), department (01-99, 2A, 2B), commune"));
    }
    StatusOr<std::string> digest =
        VoterIdDigest(config, deps.hasher, login, id);
    if (!digest.ok()) return digest.status();
    (want_numen ? voter.numen_digest : voter.nir_digest) = *digest;
  }
  if (const std::string* code = value("vote-code-initial")) {
    const std::string normalised = NormaliseVoteCode(*code);
    if (!IsValidUtf8(normalised) || Utf8Length(normalised) < 8 ||
        Utf8Length(normalised) > 64) {
      return Status::InvalidArgument("vote-code-initial: 8 to 64 characters");
    }
    StatusOr<std::string> phc = deps.hasher->Hash(normalised);
    if (!phc.ok()) return phc.status();
    voter.vote_code_hash = *phc;
  }
  const std::string* question = value("question");
  const std::string* answer = value("answer");
  if ((question == nullptr) != (answer == nullptr)) {
    return Status::InvalidArgument("question and answer go together");
  }
  if (question != nullptr) {
    if (FindQuestion(*question) == nullptr) {
      return Status::InvalidArgument(
          "question: one of voiture, animal, ecole, ville_parents, ami, "
          "livre");
    }
    const std::string normalised = NormaliseAnswer(*answer);
    if (normalised.size() < kMinAnswerLength) {
      return Status::InvalidArgument("answer: at least 2 characters");
    }
    StatusOr<std::string> digest =
        AnswerDigest(config, deps.hasher, login, *question, normalised);
    if (!digest.ok()) return digest.status();
    voter.question_id = *question;
    voter.answer_digest = *digest;
  }
  if (const std::string* typed = value("franceconnect-pivot")) {
    std::optional<IdentityPivot> pivot = ParsePivotOption(*typed);
    if (!pivot) {
      return Status::InvalidArgument(
          "franceconnect-pivot: \"NOM|Prénoms|AAAA-MM-JJ|lieu|male\"");
    }
    StatusOr<std::string> digest =
        PivotDigest(config, deps.hasher, login, *pivot);
    if (!digest.ok()) {
      return Status::InvalidArgument("franceconnect-pivot: " +
                                     std::string(digest.status().message()));
    }
    voter.pivot_digest = *digest;
  }
  if (question == nullptr) {
    // The account-opening link, to the work address.
    if (deps.renderer == nullptr) {
      return Status::Internal("no renderer for the account-opening mail");
    }
    const EducationSettings& es = EducationSettings::Of(config);
    const BrandingConfig branding = config.BrandingFor(kEducationFlow);
    const std::string token = NewLinkToken(config.security.secret_key);
    PageData data;
    if (!account->display_name.empty()) {
      data.ShowSection("NAMED");
      data.Set("DISPLAY_NAME", account->display_name);
    }
    data.Set("LINK", config.PublicUrl("/education/activation") + "?t=" + token);
    data.Set("TTL_HOURS", std::to_string(es.activation_ttl_hours));
    StatusOr<OutboxMessage> mail =
        BuildMail(config, branding, *deps.renderer, "education/mail/activation",
                  account->email,
                  FillPlaceholders(es.activation_mail_subject,
                                   {{"organisation", branding.organisation}}),
                  std::move(data));
    if (!mail.ok()) return mail.status();
    mail->ttl_seconds = es.activation_ttl_hours * 3600;
    account->messages.push_back(*std::move(mail));
    voter.activation_token_hash = crypto::Sha256(token);
    voter.activation_ttl_seconds = es.activation_ttl_hours * 3600;
    told->push_back("account-opening link (challenge question) mailed to " +
                    account->email);
  }
  account->voter = std::move(voter);
  return Status::Ok();
}

}  // namespace sesame
