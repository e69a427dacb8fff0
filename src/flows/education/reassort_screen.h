// The « réassort » of the vote code, for a voter signed in to the portal:
// - /education/reassort: « Choix du réassort » (the challenge question, or
//   FranceConnect when configured and the voter has an enrolled identity:
//   franceconnect_screen.h);
// - /education/reassort/question: « Demande de réassort du code de vote »:
//   the voter's question shown, the answer, the NUMEN or the NIR's first 10
//   digits, the channel (SMS to a personal mobile, or a personal e-mail
//   that differs from the work address) and the captcha. Each field's shape
//   is checked and said; then the attempt is counted on the signed-in
//   account ([education] question_attempts an hour, the path closes past
//   them) and a wrong answer, identifier or captcha get one uniform
//   failure. A match stores the request (the typed address only in the
//   sealed intent) for `sesame deliver`, which sends the link;
// - /education/reassort/envoye: the confirmation.
#ifndef SESAME_FLOWS_EDUCATION_REASSORT_SCREEN_H_
#define SESAME_FLOWS_EDUCATION_REASSORT_SCREEN_H_

#include <vector>

#include "web/screen.h"

namespace sesame {

// The signed-in account (*account) and its voter; otherwise the response
// to give (*instead): /login, 403 without a vote space, 503.
StatusOr<Voter> SignedInVoter(Context& ctx, Account* account,
                              Response* instead);

class ReassortChoiceScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

class QuestionScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status, const Voter* voter,
                const std::vector<FieldError>& errors);
};

class ReassortSentScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

// The one failure of a wrong answer, NUMEN/NIR or captcha.
inline constexpr char kQuestionFailure[] =
    "Les informations saisies ne permettent pas de vous identifier : "
    "vérifiez votre réponse secrète, votre NUMEN ou numéro de sécurité "
    "sociale, et recopiez le nouveau code de sécurité.";
// When the account's attempts of the hour are spent.
inline constexpr char kQuestionClosed[] =
    "La demande de réassort par la question Défi est fermée pendant une "
    "heure pour votre compte : trop d'essais n'ont pas abouti.";
// A personal e-mail equal to the work one.
// The French texts of ed_same_as_work and ed_not_mobile.
inline constexpr char kSameAsWorkAddress[] =
    "Cette adresse est celle de votre messagerie professionnelle : saisissez "
    "une adresse de messagerie personnelle, différente.";
inline constexpr char kNotMobile[] =
    "Saisissez le numéro d'un téléphone portable (06 ou 07…) qui reçoit les "
    "SMS.";

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_REASSORT_SCREEN_H_
