#include "notify/smtp_mail_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "crypto/crypto.h"
#include "notify/curl_init.h"

namespace sesame {
namespace {

struct MimeDeleter {
  void operator()(curl_mime* m) const { curl_mime_free(m); }
};
using MimePtr = std::unique_ptr<curl_mime, MimeDeleter>;

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool IsPrintableAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

// Standard base64 with padding (RFC 2045), from the base64url encoder.
std::string Base64(std::string_view raw) {
  std::string out = crypto::Base64UrlEncode(raw);
  for (char& c : out) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (out.size() % 4 != 0) out.push_back('=');
  return out;
}

// The part after '@' (the caller validated the address).
std::string DomainOf(std::string_view address) {
  size_t at = address.find('@');
  return at == std::string_view::npos ? std::string()
                                      : std::string(address.substr(at + 1));
}

bool ValidMessageId(std::string_view id) {
  if (id.size() < 5 || id.size() > 250 || id.front() != '<' ||
      id.back() != '>') {
    return false;
  }
  int ats = 0;
  for (size_t i = 1; i + 1 < id.size(); ++i) {
    unsigned char c = id[i];
    if (IsControl(c) || c == ' ' || c == '<' || c == '>' || c >= 0x80) {
      return false;
    }
    if (c == '@') ++ats;
  }
  return ats == 1 && id[1] != '@' && id[id.size() - 2] != '@';
}

// A quoted-string for a printable ASCII display name.
std::string QuoteDisplayName(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// Mail bodies travel with CRLF line ends; bare LF or CR become CRLF so that
// the quoted-printable encoder keeps them as line breaks, not "=0A".
std::string ToCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

constexpr int kMaxLine = 77;  // characters before CRLF, "< 78"
constexpr int kMaxEncodedWord = 75;

}  // namespace

Status ValidateMailAddress(std::string_view address) {
  if (address.empty()) return Status::InvalidArgument("empty mail address");
  if (address.size() > 254) {
    return Status::InvalidArgument("mail address too long");
  }
  int ats = 0;
  for (unsigned char c : address) {
    if (IsControl(c) || c == ' ' || c == ',' || c == ';' || c == '<' ||
        c == '>' || c == '"' || c == '\\') {
      return Status::InvalidArgument(
          "mail address holds a forbidden character");
    }
    if (c == '@') ++ats;
  }
  if (ats != 1) {
    return Status::InvalidArgument("mail address needs exactly one '@'");
  }
  if (address.front() == '@' || address.back() == '@') {
    return Status::InvalidArgument("mail address has an empty part");
  }
  return Status::Ok();
}

std::string EncodeHeaderText(std::string_view text, size_t used) {
  std::string clean(text);
  for (char& c : clean) {
    if (IsControl(static_cast<unsigned char>(c))) c = ' ';
  }
  bool needs_encoding = !IsPrintableAscii(clean) ||
                        clean.find("=?") != std::string::npos ||
                        used + clean.size() > static_cast<size_t>(kMaxLine);
  if (!needs_encoding) return clean;

  static constexpr std::string_view kOpen = "=?UTF-8?B?";
  static constexpr std::string_view kClose = "?=";
  const int overhead = static_cast<int>(kOpen.size() + kClose.size());
  std::string out;
  size_t pos = 0;
  size_t line_used = used;
  while (pos < clean.size()) {
    if (!out.empty()) {
      out += "\r\n ";
      line_used = 1;
    }
    int budget = kMaxLine - static_cast<int>(line_used) - overhead;
    if (budget > kMaxEncodedWord - overhead) {
      budget = kMaxEncodedWord - overhead;
    }
    int b64_chars = budget / 4 * 4;
    if (b64_chars < 4) b64_chars = 4;
    size_t max_bytes = static_cast<size_t>(b64_chars / 4 * 3);
    size_t end = std::min(clean.size(), pos + max_bytes);
    // Never split a UTF-8 character: back off to its first byte, at most 3
    // bytes back. A longer run of continuation bytes is no character (the
    // text is not UTF-8): it is cut where the budget ends.
    size_t first = end;
    while (first < clean.size() && first > pos && end - first < 3 &&
           IsContinuation(clean[first])) {
      --first;
    }
    if (first == clean.size() || !IsContinuation(clean[first])) end = first;
    if (end == pos) {  // one character longer than the budget: take it whole
      end = pos + 1;
      while (end < clean.size() && end - pos < 4 &&
             IsContinuation(clean[end])) {
        ++end;
      }
    }
    std::string word = std::string(kOpen) +
                       Base64(std::string_view(clean).substr(pos, end - pos)) +
                       std::string(kClose);
    out += word;
    line_used += word.size();
    pos = end;
  }
  return out;
}

std::string FormatMailDate(std::time_t t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                          "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::vector<std::string> BuildMailHeaders(const MailConfig& config,
                                          const Mail& mail, std::time_t now) {
  std::vector<std::string> headers;
  // The mail's own sender (a flow's), else the configured one.
  const std::string& address = mail.from.empty() ? config.from : mail.from;
  const std::string& name = mail.from.empty() && mail.from_name.empty()
                                ? config.from_name
                                : mail.from_name;
  std::string from = "From: ";
  if (name.empty()) {
    from += address;
  } else if (IsPrintableAscii(name) && name.find("=?") == std::string::npos &&
             from.size() + QuoteDisplayName(name).size() <=
                 static_cast<size_t>(kMaxLine)) {
    from += QuoteDisplayName(name) + " <" + address + ">";
  } else {
    // Not ASCII, or too long for one line: encoded words, folded.
    from += EncodeHeaderText(name, from.size()) + " <" + address + ">";
  }
  headers.push_back(std::move(from));
  headers.push_back("To: " + mail.to);
  headers.push_back("Subject: " + EncodeHeaderText(mail.subject, 9));
  headers.push_back("Date: " + FormatMailDate(now));
  std::string id = mail.message_id;
  if (!ValidMessageId(id)) {
    std::string domain = DomainOf(config.from);
    if (domain.empty()) domain = "sesame.invalid";
    id = "<" + crypto::HexEncode(crypto::RandomBytes(16)) + "@" + domain + ">";
  }
  headers.push_back("Message-ID: " + id);
  headers.push_back("MIME-Version: 1.0");
  return headers;
}

// One SMTP session: an easy handle whose connection libcurl keeps open
// between transfers (it sends QUIT when the handle is cleaned up).
struct SmtpMailSender::Session {
  CurlPtr curl;
  char errbuf[CURL_ERROR_SIZE] = {0};
  std::string mail_from;
  int transfers = 0;  // messages attempted on this session
};

SmtpMailSender::SmtpMailSender(const MailConfig& config, int connections)
    : config_(config), connections_(std::max(1, connections)) {
  InitCurlOnce();
}

SmtpMailSender::~SmtpMailSender() = default;

int SmtpMailSender::sessions_opened() const { return opened_.load(); }

std::unique_ptr<SmtpMailSender::Session> SmtpMailSender::NewSession() {
  auto session = std::make_unique<Session>();
  session->curl =
      NewEasyHandle(config_.smtp_url, "smtp,smtps", config_.timeout_seconds,
                    config_.ca_file, session->errbuf);
  if (!session->curl) return nullptr;
  CURL* c = session->curl.get();
  curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
  if (config_.starttls != "off") {
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (!config_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config_.password.c_str());
  }
  session->mail_from = "<" + config_.from + ">";
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, session->mail_from.c_str());
  return session;
}

std::unique_ptr<SmtpMailSender::Session> SmtpMailSender::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Session> session = std::move(idle_.back());
      idle_.pop_back();
      return session;
    }
  }
  return NewSession();
}

void SmtpMailSender::Release(std::unique_ptr<Session> session) {
  if (!session) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (static_cast<int>(idle_.size()) < connections_) {
    idle_.push_back(std::move(session));
  }
  // Otherwise it is closed here (QUIT), outside the pool's bound.
}

Status SmtpMailSender::Validate(const Mail& mail) const {
  SESAME_RETURN_IF_ERROR(ValidateMailAddress(mail.to));
  if (!mail.from.empty() && !ValidateMailAddress(mail.from).ok()) {
    return Status::InvalidArgument("the mail's From is not a valid address");
  }
  if (!ValidateMailAddress(config_.from).ok()) {
    return Status::FailedPrecondition("[mail] from is not a valid address");
  }
  return Status::Ok();
}

Status SmtpMailSender::SendKept(std::unique_ptr<Session>* session,
                                const Mail& mail) {
  SESAME_RETURN_IF_ERROR(Validate(mail));
  if (!*session) *session = Acquire();
  if (!*session) return Status::Internal("curl_easy_init failed");
  bool retry_fresh = false;
  Status sent = SendOn(session->get(), mail, &retry_fresh);
  if (sent.ok()) return sent;
  // A session that failed is closed, never used again.
  const bool was_kept = (*session)->transfers > 1;
  session->reset();
  if (!(retry_fresh && was_kept)) return sent;
  // The server dropped a kept session (an idle timeout it did not announce
  // in time): once more on a new connection.
  *session = NewSession();
  if (!*session) return Status::Internal("curl_easy_init failed");
  sent = SendOn(session->get(), mail, &retry_fresh);
  if (!sent.ok()) session->reset();
  return sent;
}

Status SmtpMailSender::Send(const Mail& mail) {
  std::unique_ptr<Session> session;
  Status sent = SendKept(&session, mail);
  Release(std::move(session));
  return sent;
}

std::vector<std::optional<Status>> SmtpMailSender::SendAll(
    const std::vector<Mail>& mails, const std::function<bool()>& stopping) {
  std::vector<std::optional<Status>> results(mails.size());
  std::atomic<size_t> next{0};
  // Each worker holds one session and takes the next mail until none is
  // left; a mail under way is finished when `stopping` turns true.
  auto work = [&] {
    std::unique_ptr<Session> session;
    while (!(stopping && stopping())) {
      const size_t i = next.fetch_add(1);
      if (i >= mails.size()) break;
      results[i] = SendKept(&session, mails[i]);
    }
    Release(std::move(session));
  };
  const size_t workers =
      std::min(mails.size(), static_cast<size_t>(connections_));
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(work);
  if (workers > 0) work();
  for (std::thread& t : threads) t.join();
  return results;
}

Status SmtpMailSender::SendOn(Session* session, const Mail& mail,
                              bool* retry_fresh) {
  *retry_fresh = false;
  const std::string domain = "@" + DomainOf(mail.to);
  CURL* c = session->curl.get();
  session->errbuf[0] = '\0';
  ++session->transfers;

  MimePtr mime;
  SlistPtr recipients, headers, alt_headers;
  // The handle outlives this transfer: its pointers into `recipients`,
  // `headers` and `mime` are cleared before they are freed.
  struct Unset {
    CURL* c;
    ~Unset() {
      curl_easy_setopt(c, CURLOPT_MIMEPOST, nullptr);
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
      curl_easy_setopt(c, CURLOPT_MAIL_RCPT, nullptr);
    }
  };
  if (!AppendHeader(&recipients, "<" + mail.to + ">")) {
    return Status::Internal("out of memory");
  }
  for (const std::string& h :
       BuildMailHeaders(config_, mail, std::time(nullptr))) {
    if (!AppendHeader(&headers, h)) return Status::Internal("out of memory");
  }

  // multipart/mixed { multipart/alternative { text/plain, text/html } },
  // as in libcurl's smtp-mime.c example.
  mime.reset(curl_mime_init(c));
  curl_mime* alt = curl_mime_init(c);
  if (!mime || !alt) {
    if (alt) curl_mime_free(alt);
    return Status::Internal("curl_mime_init failed");
  }
  const std::string text = ToCrlf(mail.text);
  const std::string html = ToCrlf(mail.html);
  curl_mimepart* part = curl_mime_addpart(alt);
  curl_mime_data(part, text.data(), text.size());
  curl_mime_type(part, "text/plain; charset=UTF-8");
  curl_mime_encoder(part, "quoted-printable");
  if (!mail.html.empty()) {
    part = curl_mime_addpart(alt);
    curl_mime_data(part, html.data(), html.size());
    curl_mime_type(part, "text/html; charset=UTF-8");
    curl_mime_encoder(part, "quoted-printable");
  }
  part = curl_mime_addpart(mime.get());
  if (curl_mime_subparts(part, alt) != CURLE_OK) {  // `part` now owns `alt`
    curl_mime_free(alt);
    return Status::Internal("curl_mime_subparts failed");
  }
  curl_mime_type(part, "multipart/alternative");
  if (!AppendHeader(&alt_headers, "Content-Disposition: inline")) {
    return Status::Internal("out of memory");
  }
  curl_mime_headers(part, alt_headers.release(), 1);  // `part` owns the list

  Unset unset{c};  // runs before `mime` and the lists are freed
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get());

  CURLcode rc = curl_easy_perform(c);
  long connects = 0;
  if (curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK) {
    opened_ += static_cast<int>(connects);
  }
  if (rc == CURLE_OK) return Status::Ok();

  long smtp_code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &smtp_code);
  std::string detail = std::string(curl_easy_strerror(rc));
  if (session->errbuf[0] != '\0') {
    detail += std::string(" (") + session->errbuf + ")";
  }
  std::string message = "smtp to " + domain + ": " + detail;
  if (smtp_code != 0) message += " [smtp " + std::to_string(smtp_code) + "]";
  const bool refused_recipient =
      std::string_view(session->errbuf).find("RCPT") != std::string_view::npos;
  if (smtp_code >= 500 && smtp_code < 600 && refused_recipient) {
    return Status::InvalidArgument(message);
  }
  // The connection went away (no answer, or 421: closing).
  *retry_fresh =
      smtp_code == 421 ||
      (smtp_code == 0 && (rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR ||
                          rc == CURLE_GOT_NOTHING));
  return Status::Unavailable(message);
}

}  // namespace sesame
