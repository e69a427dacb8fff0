#include "flows/interior/desk_rules.h"

#include <charconv>

namespace sesame {
namespace {

constexpr char kSlipVersion[] = "desk-slip-1";

// "<length>:<bytes>"
void Put(std::string_view field, std::string* out) {
  *out += std::to_string(field.size());
  *out += ':';
  out->append(field);
}

bool Take(std::string_view* in, std::string* field) {
  const size_t colon = in->find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 6) return false;
  size_t length = 0;
  auto [end, ec] = std::from_chars(in->data(), in->data() + colon, length);
  if (ec != std::errc() || end != in->data() + colon) return false;
  if (in->size() - colon - 1 < length) return false;
  field->assign(in->substr(colon + 1, length));
  in->remove_prefix(colon + 1 + length);
  return true;
}

}  // namespace

const std::vector<DeskDocument>& DeskDocuments() {
  static const std::vector<DeskDocument> documents = {
      {"carte_identite", "Carte nationale d'identité"},
      {"passeport", "Passeport"},
      {"carte_professionnelle", "Carte professionnelle"},
      {"titre_sejour", "Titre de séjour"},
      {"permis_conduire", "Permis de conduire"},
  };
  return documents;
}

const DeskDocument* FindDeskDocument(std::string_view code) {
  for (const DeskDocument& d : DeskDocuments()) {
    if (code == d.code) return &d;
  }
  return nullptr;
}

std::optional<std::string> NormaliseDocumentEnd(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
      return std::nullopt;
    }
    out += c;
    if (out.size() > kDocumentEndLength) return std::nullopt;
  }
  if (out.size() != kDocumentEndLength) return std::nullopt;
  return out;
}

std::optional<DeskHandOver> ParseDeskHandOver(std::string_view value) {
  if (value == "password") return DeskHandOver::kPassword;
  if (value == "key") return DeskHandOver::kSecurityKey;
  return std::nullopt;
}

std::string EncodeDeskSlip(const DeskSlip& slip) {
  std::string out;
  Put(kSlipVersion, &out);
  Put(slip.hand_over == DeskHandOver::kPassword ? "password" : "key", &out);
  Put(slip.agent_name, &out);
  Put(slip.bureau, &out);
  Put(slip.officer_name, &out);
  Put(slip.at, &out);
  Put(slip.secret, &out);
  Put(std::to_string(slip.hours), &out);
  return out;
}

std::optional<DeskSlip> DecodeDeskSlip(std::string_view in) {
  std::string version, hand_over, hours;
  DeskSlip slip;
  if (!Take(&in, &version) || version != kSlipVersion ||
      !Take(&in, &hand_over) || !Take(&in, &slip.agent_name) ||
      !Take(&in, &slip.bureau) || !Take(&in, &slip.officer_name) ||
      !Take(&in, &slip.at) || !Take(&in, &slip.secret) || !Take(&in, &hours) ||
      !in.empty()) {
    return std::nullopt;
  }
  std::optional<DeskHandOver> kind = ParseDeskHandOver(hand_over);
  if (!kind) return std::nullopt;
  slip.hand_over = *kind;
  auto [end, ec] =
      std::from_chars(hours.data(), hours.data() + hours.size(), slip.hours);
  if (ec != std::errc() || end != hours.data() + hours.size() ||
      slip.hours < 0) {
    return std::nullopt;
  }
  return slip;
}

std::string DeskAuditDetail(std::string_view who, std::string_view login,
                            std::string_view bureau,
                            const DeskDocument& document,
                            std::string_view document_end) {
  std::string out;
  out.append(who).append("=").append(login);
  out.append(" bureau=").append(bureau);
  out.append(" document=").append(document.code);
  out.append(" fin=").append(document_end);
  return out;
}

}  // namespace sesame
