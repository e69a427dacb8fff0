#include "flows/education/grant.h"

#include "crypto/crypto.h"
#include "flows/education/settings.h"
#include "web/app.h"

namespace sesame {
namespace {

NewGrant MakeGrant(const Config& config, int64_t account_id,
                   const std::string& token, const std::string& client_ip,
                   const std::string& proof) {
  NewGrant grant;
  grant.account_id = account_id;
  grant.token_hash = GrantHash(token);
  grant.ttl_seconds = EducationSettings::Of(config).grant_ttl_minutes * 60;
  grant.audit = {account_id, "education.grant", client_ip, proof};
  return grant;
}

std::string GrantCookie(const Config& config, const std::string& token) {
  return SetCookieValue(config, kGrantCookie, token,
                        EducationSettings::Of(config).grant_ttl_minutes * 60);
}

}  // namespace

StatusOr<std::string> IssueRegenerationGrant(const Stores& stores,
                                             const Config& config,
                                             int64_t account_id,
                                             const std::string& client_ip,
                                             const std::string& proof) {
  const std::string token = crypto::NewToken();
  SESAME_RETURN_IF_ERROR(stores.education->Grant(
      MakeGrant(config, account_id, token, client_ip, proof)));
  return GrantCookie(config, token);
}

StatusOr<std::string> GrantFromLink(const Stores& stores, const Config& config,
                                    int64_t account_id, int64_t request_id,
                                    const std::string& client_ip) {
  const std::string token = crypto::NewToken();
  SESAME_RETURN_IF_ERROR(stores.education->GrantFromLink(
      request_id, MakeGrant(config, account_id, token, client_ip, "link")));
  return GrantCookie(config, token);
}

std::string GrantToken(Context& ctx) {
  const std::string& token =
      ctx.request().Cookie(CookieName(ctx.config(), kGrantCookie));
  return crypto::LooksLikeToken(token) ? token : "";
}

std::string GrantHash(const std::string& token) {
  return crypto::Sha256(token);
}

std::string SlipOwner(const std::string& token) {
  return crypto::Sha256("education-code-slip\n" + token);
}

std::string ClearGrantCookie(const Config& config) {
  return SetCookieValue(config, kGrantCookie, "", 0);
}

}  // namespace sesame
