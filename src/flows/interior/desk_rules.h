// Rules of the officers' desk (« guichet ») of the Interior flow, no I/O:
// the identity documents an officer may record, the end of a document's
// number, what the slip holds and how the audit rows describe an action.
#ifndef SESAME_FLOWS_INTERIOR_DESK_RULES_H_
#define SESAME_FLOWS_INTERIOR_DESK_RULES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sesame {

// A document the officer checked: its form value and audit name (`code`)
// and what the page says (`label`).
struct DeskDocument {
  const char* code;
  const char* label;
};

// The fixed list: carte nationale d'identité, passeport, carte
// professionnelle, titre de séjour, permis de conduire.
const std::vector<DeskDocument>& DeskDocuments();
// The document of `code`, or nullptr.
const DeskDocument* FindDeskDocument(std::string_view code);

// The last characters of a document's number as the officer types them:
// spaces and dashes removed, letters upper-cased; exactly 4 of [A-Z0-9],
// else nullopt.
inline constexpr size_t kDocumentEndLength = 4;
std::optional<std::string> NormaliseDocumentEnd(std::string_view typed);

// What the officer hands over.
enum class DeskHandOver {
  kPassword,     // a new one-time password
  kSecurityKey,  // a new security key
};
// The form's values of the two actions: "password" and "key".
std::optional<DeskHandOver> ParseDeskHandOver(std::string_view value);

// The printable slip, sealed in the database until it is shown once.
struct DeskSlip {
  DeskHandOver hand_over = DeskHandOver::kPassword;
  std::string agent_name;  // display name, or login when it has none
  std::string bureau;
  std::string officer_name;  // display name, or login
  std::string at;            // "JJ/MM/AAAA à HH:MM (UTC)"
  std::string secret;        // the password, or the grouped key
  int hours = 0;             // a password's lifetime; 0 for a key
};
std::string EncodeDeskSlip(const DeskSlip& slip);
// nullopt for anything EncodeDeskSlip did not write.
std::optional<DeskSlip> DecodeDeskSlip(std::string_view encoded);

// The detail of the audit rows of one action, never the secret:
// "agent=LOGIN bureau=B document=CODE fin=XXXX" (the officer's row) and
// "officer=LOGIN bureau=B document=CODE fin=XXXX" (the agent's).
std::string DeskAuditDetail(std::string_view who, std::string_view login,
                            std::string_view bureau,
                            const DeskDocument& document,
                            std::string_view document_end);

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_DESK_RULES_H_
