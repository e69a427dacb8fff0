// The TOML config loader (core/config.h ParseConfig), with the schema of
// the compiled-in flows. Invariants: it never throws; a config it accepts
// (no problem) re-validates: written back as TOML from the parsed values
// (the flows' sections as they were) it parses again without a problem to
// the same values; the addresses it accepts are ones the mail sender sends
// from; the links it builds hold no space or control character.
#include <toml++/toml.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/config.h"
#include "flows/flows.h"
#include "fuzz_check.h"
#include "notify/smtp_mail_sender.h"

namespace {

using sesame::Config;
using sesame::ConfigProblem;

const sesame::ConfigSchema& Schema() {
  static const sesame::ConfigSchema schema = sesame::FlowConfigSchema();
  return schema;
}

std::string Problems(const std::vector<ConfigProblem>& problems) {
  std::string out;
  for (const ConfigProblem& p : problems)
    out += p.key + ": " + p.message + "\n";
  return out;
}

toml::array List(const std::vector<std::string>& values) {
  toml::array a;
  for (const std::string& v : values) a.push_back(v);
  return a;
}

void Branding(const sesame::BrandingConfig& b, toml::table* t) {
  t->insert_or_assign("organisation", b.organisation);
  t->insert_or_assign("assistance_contact", b.assistance_contact);
  t->insert_or_assign("assistance_url", b.assistance_url);
  t->insert_or_assign("postal_address", b.postal_address);
  t->insert_or_assign("credential", b.credential);
  t->insert_or_assign("mail_from", b.mail_from);
  t->insert_or_assign("mail_from_name", b.mail_from_name);
}

// The core sections from the parsed values; the flows' own sections (and
// [recovery]'s flow keys) copied from `original`.
std::string Write(const Config& c, const toml::table& original) {
  toml::table root;
  const auto& d = c.database;
  root.insert_or_assign(
      "database",
      toml::table{{"host", d.host},
                  {"port", d.port},
                  {"socket", d.socket},
                  {"user", d.user},
                  {"password_file", d.password_file},
                  {"name", d.name},
                  {"connect_timeout_seconds", d.connect_timeout_seconds}});
  const auto& s = c.server;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", s.socket_mode);
  root.insert_or_assign("server",
                        toml::table{{"public_base_url", s.public_base_url},
                                    {"mount", s.mount},
                                    {"listen", s.listen},
                                    {"socket_mode", std::string(mode)},
                                    {"threads", s.threads},
                                    {"max_body_bytes", s.max_body_bytes},
                                    {"static_url", s.static_url},
                                    {"templates_dir", s.templates_dir}});
  const auto& m = c.mail;
  root.insert_or_assign("mail",
                        toml::table{{"smtp_url", m.smtp_url},
                                    {"from", m.from},
                                    {"from_name", m.from_name},
                                    {"starttls", m.starttls},
                                    {"username", m.username},
                                    {"password_file", m.password_file},
                                    {"ca_file", m.ca_file},
                                    {"timeout_seconds", m.timeout_seconds}});
  const auto& sms = c.sms;
  root.insert_or_assign("sms",
                        toml::table{{"url", sms.url},
                                    {"method", sms.method},
                                    {"auth_header_file", sms.auth_header_file},
                                    {"content_type", sms.content_type},
                                    {"body_template", sms.body_template},
                                    {"sender", sms.sender},
                                    {"ca_file", sms.ca_file},
                                    {"timeout_seconds", sms.timeout_seconds}});
  const auto& sec = c.security;
  const auto& a = sec.argon2;
  const auto& l = sec.limits;
  root.insert_or_assign(
      "security",
      toml::table{
          {"secret_key_file", sec.secret_key_file},
          {"session_idle_minutes", sec.session_idle_minutes},
          {"session_absolute_hours", sec.session_absolute_hours},
          {"hsts_max_age", sec.hsts_max_age},
          {"password_blocklist_file", sec.password_blocklist_file},
          {"password_min_length", sec.password_min_length},
          {"password_max_length", sec.password_max_length},
          {"password_min_score", sec.password_min_score},
          {"temporary_password_hours", sec.temporary_password_hours},
          {"argon2",
           toml::table{{"memory_kib", static_cast<int64_t>(a.memory_kib)},
                       {"iterations", static_cast<int64_t>(a.iterations)},
                       {"parallelism", static_cast<int64_t>(a.parallelism)},
                       {"max_concurrent", a.max_concurrent},
                       {"queue_timeout_ms", a.queue_timeout_ms}}},
          {"limits",
           toml::table{{"login_per_account_ip", l.login_per_account_ip},
                       {"login_per_account", l.login_per_account},
                       {"login_per_ip", l.login_per_ip},
                       {"login_window_seconds", l.login_window_seconds},
                       {"request_per_account_hour", l.request_per_account_hour},
                       {"request_per_ip_hour", l.request_per_ip_hour},
                       {"sms_per_destination_hour", l.sms_per_destination_hour},
                       {"sms_global_hour", l.sms_global_hour}}}});
  root.insert_or_assign("captcha",
                        toml::table{{"forms", List(c.captcha.forms)},
                                    {"ttl_seconds", c.captcha.ttl_seconds},
                                    {"audio_dir", c.captcha.audio_dir}});
  toml::table branding;
  Branding(c.branding, &branding);
  root.insert_or_assign("branding", branding);
  const auto& dl = c.deliver;
  root.insert_or_assign(
      "deliver",
      toml::table{{"poll_interval_ms", dl.poll_interval_ms},
                  {"batch_size", dl.batch_size},
                  {"claim_seconds", dl.claim_seconds},
                  {"backoff_initial_seconds", dl.backoff_initial_seconds},
                  {"backoff_max_seconds", dl.backoff_max_seconds},
                  {"default_ttl_hours", dl.default_ttl_hours},
                  {"smtp_connections", dl.smtp_connections},
                  {"sms_connections", dl.sms_connections},
                  {"outbox_batch_size", dl.outbox_batch_size},
                  {"request_threads", dl.request_threads},
                  {"wake_socket", dl.wake_socket}});
  for (const auto& f : Schema().sections) {
    if (const toml::table* t = original[f.section].as_table()) {
      root.insert_or_assign(f.section, *t);
    }
  }
  toml::table* recovery = root["recovery"].as_table();
  if (recovery == nullptr) {
    root.insert_or_assign("recovery", toml::table{});
    recovery = root["recovery"].as_table();
  }
  recovery->insert_or_assign("flows", List(c.recovery.flows));
  // Basic strings only: toml++ 3.3 writes a string holding a line break
  // and a run of single quotes as a multi-line literal string with three
  // quotes inside, which is not TOML (its own parser refuses it).
  std::ostringstream out;
  out << toml::toml_formatter(root, toml::format_flags::none);
  return out.str();
}

bool SameBranding(const sesame::BrandingConfig& a,
                  const sesame::BrandingConfig& b) {
  return a.organisation == b.organisation &&
         a.assistance_contact == b.assistance_contact &&
         a.assistance_url == b.assistance_url &&
         a.postal_address == b.postal_address && a.credential == b.credential &&
         a.mail_from == b.mail_from && a.mail_from_name == b.mail_from_name;
}

bool Clean(std::string_view s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(sesame::fuzz::AsText(data, size));
  std::vector<ConfigProblem> problems;
  const Config c = sesame::ParseConfig(text, "fuzz.toml", &problems, Schema());
  for (const ConfigProblem& p : problems) {
    FUZZ_CHECK(!p.key.empty() && !p.message.empty(), Problems(problems));
  }
  if (!problems.empty()) return 0;

  // What the rest of Sésame takes for granted of an accepted config.
  FUZZ_CHECK(sesame::ValidateMailAddress(c.mail.from).ok(), c.mail.from);
  for (const std::string& flow : c.recovery.flows) {
    const std::string from = c.BrandingFor(flow).mail_from;
    FUZZ_CHECK(from.empty() || sesame::ValidateMailAddress(from).ok(), from);
  }
  FUZZ_CHECK(Clean(c.PublicUrl("/reset")), c.PublicUrl("/reset"));
  FUZZ_CHECK(c.server.mount.front() == '/' &&
                 (c.server.mount == "/" || c.server.mount.back() != '/'),
             c.server.mount);

  // Written back and parsed again: no problem, the same values.
  const toml::table original =
      toml::parse(std::string_view(text), std::string_view("fuzz.toml"));
  const std::string written = Write(c, original);
  std::vector<ConfigProblem> again_problems;
  const Config again =
      sesame::ParseConfig(written, "again.toml", &again_problems, Schema());
  FUZZ_CHECK(again_problems.empty(), Problems(again_problems) + written);
  FUZZ_CHECK(
      Write(again, toml::parse(std::string_view(written),
                               std::string_view("again.toml"))) == written,
      written);
  FUZZ_CHECK(again.server.mount == c.server.mount &&
                 again.server.socket_mode == c.server.socket_mode,
             written);
  for (const std::string& flow : Schema().flows) {
    FUZZ_CHECK(SameBranding(again.BrandingFor(flow), c.BrandingFor(flow)),
               written);
  }
  return 0;
}
