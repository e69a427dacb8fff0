// OidcTransport: the relying party's HTTP calls to the provider (discovery,
// keys, token), behind an interface so that unit tests answer for the
// provider. CurlOidcTransport is the real one (libcurl, timeouts set, only
// http and https, no proxy from the environment, TLS peers verified).
#ifndef SESAME_OIDC_OIDC_TRANSPORT_H_
#define SESAME_OIDC_OIDC_TRANSPORT_H_

#include <memory>
#include <string>

namespace sesame {

struct HttpReply {
  bool reached = false;  // false: no answer (refused, timed out, DNS, TLS)
  long status = 0;       // NOLINT(runtime/int): libcurl's type
  std::string body;
  std::string error;  // why not reached, for the log
};

class OidcTransport {
 public:
  virtual ~OidcTransport() = default;
  // `bearer` not empty: sent as "Authorization: Bearer …" (userinfo).
  virtual HttpReply Get(const std::string& url,
                        const std::string& bearer = "") = 0;
  // POSTs application/x-www-form-urlencoded `form` with HTTP Basic
  // authentication (client_secret_basic).
  virtual HttpReply PostForm(const std::string& url, const std::string& form,
                             const std::string& basic_user,
                             const std::string& basic_password) = 0;
};

// Each call gives up after `timeout_seconds` (connection and transfer);
// bodies above 1 MiB are cut and the call fails.
std::unique_ptr<OidcTransport> NewCurlOidcTransport(int timeout_seconds);

// application/x-www-form-urlencoded / query string escaping (RFC 3986
// unreserved characters kept, everything else %XX).
std::string FormEscape(const std::string& value);

}  // namespace sesame

#endif  // SESAME_OIDC_OIDC_TRANSPORT_H_
