// officer add, audit show --officer.
#include <iostream>

#include "cli/commands.h"
#include "cli/qr_terminal.h"
#include "crypto/password_hasher.h"
#include "flows/interior/officer_enrolment.h"
#include "storage/mysql/mysql_stores.h"

namespace sesame {
namespace {

constexpr int kDefaultAuditRows = 100;

int OfficerUsage() {
  std::cerr << "usage: sesame officer add --login L --bureau B [--email E] "
               "[--name N]\n"
               "  an officer of the Interior flow's desk (/guichet/): prints "
               "its password and\n"
               "  its TOTP secret (otpauth:// URI and QR code) once\n";
  return 2;
}

int AuditShowUsage() {
  std::cerr << "usage: sesame audit show --officer LOGIN [--last N]\n"
               "  the officer's desk actions (the last N, 100 by default), "
               "oldest first\n";
  return 2;
}

}  // namespace

int RunOfficer(const Config& config, const Args& args) {
  if (args.empty() || args[0] != "add") return OfficerUsage();
  std::string login, bureau, email, name;
  bool has_login = false, has_bureau = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& k = args[i];
    if (i + 1 >= args.size()) return OfficerUsage();
    const std::string& v = args[++i];
    if (k == "--login" && !has_login) {
      login = v;
      has_login = true;
    } else if (k == "--bureau" && !has_bureau) {
      bureau = v;
      has_bureau = true;
    } else if (k == "--email" && email.empty()) {
      email = v;
    } else if (k == "--name" && name.empty()) {
      name = v;
    } else {
      std::cerr << "sesame officer add: bad option " << k << "\n";
      return OfficerUsage();
    }
  }
  if (!has_login || !has_bureau) return OfficerUsage();
  crypto::PasswordHasher hasher(config.security.argon2);
  StatusOr<OfficerEnrolment> officer =
      EnrolOfficer(config, &hasher, login, bureau, email, name);
  if (!officer.ok()) {
    std::cerr << "sesame officer add: " << officer.status().message() << "\n";
    return 1;
  }
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) {
    std::cerr << "sesame: database: " << opened.status().message() << "\n";
    return 1;
  }
  StatusOr<int64_t> id = (*opened)->stores().accounts->Add(
      officer->account,
      {std::nullopt, "officer.add", "cli", login + " bureau=" + bureau});
  if (!id.ok()) {
    std::cerr << "sesame officer add: " << id.status().message() << "\n";
    return 1;
  }
  std::cout << "officer " << login << " of bureau " << bureau << " created (id "
            << *id << ")\n"
            << "password (shown only now; the officer signs in with it at "
               "/guichet/connexion): "
            << officer->password << "\n"
            << "TOTP secret (shown only now; RFC 6238, SHA-1, 6 digits, "
               "30 s): "
            << officer->totp_base32 << "\n"
            << "otpauth URI: " << officer->otpauth_uri << "\n"
            << "scan it with the officer's authenticator app:\n"
            << QrForTerminal(officer->otpauth_uri);
  return 0;
}

int RunAuditShow(const Config& config, const Args& args) {
  // args: show --officer LOGIN [--last N]
  std::string login;
  int last = kDefaultAuditRows;
  for (size_t i = 1; i < args.size(); ++i) {
    if (i + 1 >= args.size()) return AuditShowUsage();
    const std::string& k = args[i];
    const std::string& v = args[++i];
    if (k == "--officer" && login.empty()) {
      login = v;
    } else if (k == "--last") {
      try {
        size_t used = 0;
        last = std::stoi(v, &used);
        if (used != v.size() || last <= 0) return AuditShowUsage();
      } catch (const std::exception&) {
        return AuditShowUsage();
      }
    } else {
      return AuditShowUsage();
    }
  }
  if (login.empty()) return AuditShowUsage();
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) {
    std::cerr << "sesame: database: " << opened.status().message() << "\n";
    return 1;
  }
  Stores stores = (*opened)->stores();
  StatusOr<Account> officer = stores.accounts->FindByLogin(login);
  if (!officer.ok()) {
    std::cerr << "sesame audit show: "
              << (officer.status().code() == StatusCode::kNotFound
                      ? "no account with login " + login
                      : officer.status().message())
              << "\n";
    return 1;
  }
  if (officer->role != kRoleOfficer) {
    std::cerr << "sesame audit show: " << login << " is not an officer\n";
    return 1;
  }
  StatusOr<std::vector<AuditRow>> rows =
      stores.desk->AuditOf(officer->id, "desk.", last);
  if (!rows.ok()) {
    std::cerr << "sesame audit show: " << rows.status().message() << "\n";
    return 1;
  }
  std::cout << "desk actions of officer " << login << " (bureau "
            << officer->bureau << "), UTC:\n";
  for (const AuditRow& row : *rows) {
    std::cout << row.at << "  " << row.event << "  "
              << (row.client_ip.empty() ? "-" : row.client_ip) << "  "
              << row.detail << "\n";
  }
  if (rows->empty()) std::cout << "(none)\n";
  return 0;
}

}  // namespace sesame
