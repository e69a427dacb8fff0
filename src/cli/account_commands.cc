// account add | import | show | disable | enable, check-config, gen-key.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "captcha/captcha_audio.h"
#include "cli/commands.h"
#include "cli/csv.h"
#include "cli/nginx_snippet.h"
#include "crypto/crypto.h"
#include "crypto/password_hasher.h"
#include "flows/flows.h"
#include "recovery/account_fields.h"
#include "recovery/password_policy.h"
#include "storage/mysql/mysql_stores.h"
#include "web/renderer.h"

namespace sesame {
namespace {

constexpr char kNoPassword[] = "!none";

int Usage() {
  std::cerr << "usage:\n"
               "  sesame account add --login L --email E [--phone P] "
               "[--name N] [--language fr|en]";
  for (const AccountOption* o : FlowAccountOptions()) {
    std::cerr << " [--" << o->name << " V]";
  }
  std::cerr << " [--password-stdin]\n"
               "  sesame account import FILE.csv\n"
               "  sesame account show LOGIN\n"
               "  sesame account disable LOGIN\n"
               "  sesame account enable LOGIN\n"
               "options the recovery flows add (and CSV columns of import):\n";
  for (const AccountOption* o : FlowAccountOptions()) {
    std::cerr << "  --" << o->name << ": " << o->help << "\n";
  }
  return 2;
}

// The flow account option named `name`, or nullptr.
const AccountOption* FindOption(const std::string& name) {
  for (const AccountOption* o : FlowAccountOptions()) {
    if (o->name == name) return o;
  }
  return nullptr;
}

// A problem with an account's language: empty (the default) or one of
// [branding] languages.
std::optional<std::string> CheckLanguage(const Config& config,
                                         const std::string& language) {
  if (language.empty()) return std::nullopt;
  for (const std::string& l : config.branding.languages) {
    if (l == language) return std::nullopt;
  }
  std::string all;
  for (const std::string& l : config.branding.languages) {
    all += (all.empty() ? "" : ", ") + l;
  }
  return "language: must be one of branding.languages (" + all + ")";
}

std::string ReadPasswordFromStdin() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int AccountAdd(const Config& config, const Args& args) {
  NewAccount a;
  // The flows' options, as typed.
  std::map<std::string, std::string> flow_values;
  bool from_stdin = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& k = args[i];
    auto next = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    const AccountOption* option =
        k.rfind("--", 0) == 0 ? FindOption(k.substr(2)) : nullptr;
    if (k == "--password-stdin") {
      from_stdin = true;
    } else if (option != nullptr) {
      if (flow_values.count(option->name) ||
          !next(&flow_values[option->name])) {
        return Usage();
      }
    } else if (!((k == "--login" && next(&a.login)) ||
                 (k == "--email" && next(&a.email)) ||
                 (k == "--phone" && next(&a.phone)) ||
                 (k == "--name" && next(&a.display_name)) ||
                 (k == "--language" && next(&a.language)))) {
      std::cerr << "sesame account add: bad option " << k << "\n";
      return Usage();
    }
  }
  if (auto problem = CheckNewAccount(&a)) {
    std::cerr << "sesame account add: " << *problem << "\n";
    return 1;
  }
  if (auto problem = CheckLanguage(config, a.language)) {
    std::cerr << "sesame account add: " << *problem << "\n";
    return 1;
  }
  std::string password;
  if (from_stdin) {
    password = ReadPasswordFromStdin();
    PasswordPolicy policy(config.security);
    Status st = policy.Load();
    if (!st.ok()) {
      std::cerr << "sesame account add: " << st.message() << "\n";
      return 1;
    }
    auto problems = policy.Check(
        password, password,
        {a.login, a.email, config.branding.organisation, a.display_name});
    if (!problems.empty()) {
      for (const auto& p : problems) {
        std::cerr << "sesame account add: password refused: " << p.message
                  << "\n";
      }
      return 1;
    }
  } else {
    password = NewTemporaryPassword(16);
    a.must_change_password = true;
    a.temporary_password_hours = config.security.temporary_password_hours;
  }
  crypto::PasswordHasher hasher(config.security.argon2);
  // The mails a flow queues with the account (the Education flow's
  // account-opening link).
  CtemplateRenderer renderer(config.server.templates_dir);
  const FlowDeps deps{&config, {}, &renderer, &hasher, {}};
  std::vector<std::string> told;
  Status applied = ApplyAccountOptions(deps, flow_values, &a, &told);
  if (!applied.ok()) {
    std::cerr << "sesame account add: " << applied.message() << "\n";
    return 1;
  }
  StatusOr<std::string> phc = hasher.Hash(password);
  if (!phc.ok()) {
    std::cerr << "sesame account add: " << phc.status().message() << "\n";
    return 1;
  }
  a.password_hash = *phc;
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) {
    std::cerr << "sesame: database: " << opened.status().message() << "\n";
    return 1;
  }
  StatusOr<int64_t> id = (*opened)->stores().accounts->Add(
      a, {std::nullopt, "account.add", "cli", a.login});
  if (!id.ok()) {
    std::cerr << "sesame account add: " << id.status().message() << "\n";
    return 1;
  }
  std::cout << "account " << a.login << " created (id " << *id << ")\n";
  if (!from_stdin) {
    std::cout << "one-time password (valid " << a.temporary_password_hours
              << " h, must be changed at first login): " << password << "\n";
  }
  for (const std::string& line : told) std::cout << line << "\n";
  return 0;
}

int AccountImport(const Config& config, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "sesame account import: cannot read " << file << "\n";
    return 1;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::vector<CsvRow> rows = ParseCsv(buffer.str());
  if (rows.empty()) {
    std::cerr << "sesame account import: " << file << " is empty\n";
    return 1;
  }
  // Header: login,email,phone,display_name, then optionally password_hash
  // and the flows' account options, in any order, once each.
  const std::vector<std::string>& header = rows[0].fields;
  const std::vector<std::string> expected = {"login", "email", "phone",
                                             "display_name"};
  int hash_column = -1;
  int language_column = -1;
  std::vector<std::pair<const AccountOption*, size_t>> option_columns;
  std::set<std::string> named(header.begin(), header.end());
  bool header_ok = header.size() >= 4 && named.size() == header.size() &&
                   std::equal(expected.begin(), expected.end(), header.begin());
  for (size_t c = 4; header_ok && c < header.size(); ++c) {
    if (header[c] == "password_hash") {
      hash_column = static_cast<int>(c);
    } else if (header[c] == "language") {
      language_column = static_cast<int>(c);
    } else if (const AccountOption* o = FindOption(header[c])) {
      option_columns.emplace_back(o, c);
    } else {
      header_ok = false;
    }
  }
  if (!header_ok) {
    std::cerr << file << ":" << rows[0].line
              << ": header must be login,email,phone,display_name"
                 "[,password_hash][,language]";
    for (const AccountOption* o : FlowAccountOptions()) {
      std::cerr << "[," << o->name << "]";
    }
    std::cerr << " (each once)\n";
    return 1;
  }
  const bool with_hash = hash_column >= 0;
  crypto::PasswordHasher hasher(config.security.argon2);
  // The mails a flow queues with the account (the Education flow's
  // account-opening link).
  CtemplateRenderer renderer(config.server.templates_dir);
  const FlowDeps deps{&config, {}, &renderer, &hasher, {}};
  // (kind, digest) of every identifier seen in the file.
  std::set<std::pair<std::string, std::string>> seen_identifiers;
  std::vector<NewAccount> accounts;
  // What the options told of each account, shown once all are written.
  std::vector<std::pair<std::string, std::vector<std::string>>> told;
  std::set<std::string> seen;
  int bad = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    auto report = [&](const std::string& why) {
      std::cerr << file << ":" << row.line << ": " << why << "\n";
      ++bad;
    };
    if (!row.error.empty()) {
      report(row.error);
      continue;
    }
    if (row.fields.size() != header.size()) {
      report("expected " + std::to_string(header.size()) + " fields, found " +
             std::to_string(row.fields.size()));
      continue;
    }
    NewAccount a;
    a.login = row.fields[0];
    a.email = row.fields[1];
    a.phone = row.fields[2];
    a.display_name = row.fields[3];
    if (with_hash) a.password_hash = row.fields[hash_column];
    if (language_column >= 0) a.language = row.fields[language_column];
    if (auto problem = CheckNewAccount(&a)) {
      report(*problem);
      continue;
    }
    if (auto problem = CheckLanguage(config, a.language)) {
      report(*problem);
      continue;
    }
    bool options_ok = true;
    std::map<std::string, std::string> given;
    for (const auto& [option, column] : option_columns) {
      if (!row.fields[column].empty()) given[option->name] = row.fields[column];
    }
    std::vector<std::string> row_told;
    if (Status st = ApplyAccountOptions(deps, given, &a, &row_told); !st.ok()) {
      report(st.message());
      options_ok = false;
    }
    for (const AccountIdentifier& id : a.identifiers) {
      if (options_ok && !seen_identifiers.insert({id.kind, id.digest}).second) {
        report(id.kind + " identifier appears twice in the file");
        options_ok = false;
      }
    }
    if (!options_ok) continue;
    if (with_hash && !a.password_hash.empty()) {
      const std::string problem = crypto::CheckPhcParameters(a.password_hash);
      if (!problem.empty()) {
        report("password_hash: must be an Argon2id PHC string or empty (" +
               problem + ")");
        continue;
      }
    }
    // No hash: no usable password until the recovery flow sets one. The
    // marker is not a PHC string, so every sign-in with it fails (after the
    // same dummy Argon2id as an unknown login).
    if (a.password_hash.empty()) a.password_hash = kNoPassword;
    if (!seen.insert(a.login).second) {
      report("login " + a.login + " appears twice in the file");
      continue;
    }
    if (!row_told.empty()) told.emplace_back(a.login, std::move(row_told));
    accounts.push_back(std::move(a));
  }
  if (bad > 0) {
    std::cerr << "sesame account import: " << bad
              << " bad rows; nothing imported\n";
    return 1;
  }
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) {
    std::cerr << "sesame: database: " << opened.status().message() << "\n";
    return 1;
  }
  Status st = (*opened)->stores().accounts->AddMany(
      accounts, {std::nullopt, "account.import", "cli",
                 std::to_string(accounts.size()) + " accounts"});
  if (!st.ok()) {
    std::cerr << "sesame account import: " << st.message()
              << "; nothing imported\n";
    return 1;
  }
  std::cout << "imported " << accounts.size() << " accounts\n";
  for (const auto& [login, lines] : told) {
    for (const std::string& line : lines) {
      std::cout << login << ": " << line << "\n";
    }
  }
  return 0;
}

int AccountByLogin(const Config& config, const std::string& verb,
                   const std::string& login) {
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) {
    std::cerr << "sesame: database: " << opened.status().message() << "\n";
    return 1;
  }
  AccountStore& accounts = *(*opened)->stores().accounts;
  StatusOr<Account> a = accounts.FindByLogin(login);
  if (!a.ok()) {
    std::cerr << "sesame account " << verb << ": "
              << (a.status().code() == StatusCode::kNotFound
                      ? "no account with login " + login
                      : a.status().message())
              << "\n";
    return 1;
  }
  if (verb == "show") {
    std::cout << "id:            " << a->id << "\n"
              << "login:         " << a->login << "\n"
              << "display name:  " << a->display_name << "\n"
              << "email:         " << a->email << "\n"
              << "phone:         " << (a->phone.empty() ? "-" : a->phone)
              << "\n"
              << "state:         " << (a->disabled ? "disabled" : "enabled")
              << "\n"
              << "password:      "
              << (a->password_hash.rfind("$argon2id$", 0) != 0
                      ? "none (use the recovery flow)"
                  : a->must_change_password
                      ? (a->password_expired ? "one-time, expired"
                                             : "one-time, must be changed")
                      : "set")
              << "\n";
    return 0;
  }
  bool disable = verb == "disable";
  Status st = accounts.SetDisabled(
      a->id, disable,
      {a->id, disable ? "account.disable" : "account.enable", "cli", ""});
  if (!st.ok()) {
    std::cerr << "sesame account " << verb << ": " << st.message() << "\n";
    return 1;
  }
  std::cout << "account " << login << (disable ? " disabled" : " enabled")
            << "\n";
  return 0;
}

}  // namespace

int RunAccount(const Config& config, const Args& args) {
  if (args.empty()) return Usage();
  const std::string& verb = args[0];
  if (verb == "add") return AccountAdd(config, args);
  if (args.size() != 2) return Usage();
  if (verb == "import") return AccountImport(config, args[1]);
  if (verb == "show" || verb == "disable" || verb == "enable") {
    return AccountByLogin(config, verb, args[1]);
  }
  return Usage();
}

int RunCheckConfig(const std::string& path, const Args& args) {
  bool nginx = false;
  for (const std::string& a : args) {
    if (a == "--nginx") {
      nginx = true;
    } else {
      std::cerr << "usage: sesame [-c FILE] check-config [--nginx]\n";
      return 2;
    }
  }
  StatusOr<Config> config = LoadConfig(path, FlowConfigSchema());
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 1;
  }
  PasswordPolicy policy(config->security);
  Status st = policy.Load();
  if (!st.ok()) {
    std::cerr << "security.password_blocklist_file: " << st.message() << "\n";
    return 1;
  }
  // Every configured language's catalogue, complete (branding.languages).
  CtemplateRenderer renderer(config->server.templates_dir);
  st = renderer.LoadLanguages(config->branding.languages, config->translations);
  if (!st.ok()) {
    std::cerr << "branding.languages: " << st.message() << "\n";
    return 1;
  }
  if (!config->captcha.forms.empty()) {
    StatusOr<CaptchaAudio> audio =
        CaptchaAudio::Load(config->captcha.audio_dir);
    if (!audio.ok()) {
      std::cerr << "captcha.audio_dir: " << audio.status().message() << "\n";
      return 1;
    }
  }
  if (nginx) {
    StatusOr<std::string> snippet = NginxSnippetFor(*config);
    if (!snippet.ok()) {
      std::cerr << "sesame: " << snippet.status().message() << "\n";
      return 1;
    }
    std::cout << *snippet;
    return 0;
  }
  std::cout << "configuration " << config->path << " is valid\n";
  return 0;
}

int RunGenKey(const Args& args) {
  if (args.size() != 1) {
    std::cerr << "usage: sesame gen-key FILE\n";
    return 2;
  }
  const std::string& file = args[0];
  if (access(file.c_str(), F_OK) == 0) {
    std::cerr << "sesame gen-key: " << file
              << " exists; refusing to overwrite a key\n";
    return 1;
  }
  umask(077);
  std::ofstream out(file, std::ios::binary);
  out << crypto::Base64UrlEncode(crypto::RandomBytes(48)) << "\n";
  out.close();
  if (!out) {
    std::cerr << "sesame gen-key: cannot write " << file << "\n";
    return 1;
  }
  chmod(file.c_str(), 0600);
  std::cout << "wrote a new secret key to " << file << "\n";
  return 0;
}

}  // namespace sesame
