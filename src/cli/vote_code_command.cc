// vote-code invalidate: the Education flow's vote code of a voter stops
// working; the voter then asks for a « réassort ».
#include <iostream>

#include "cli/commands.h"
#include "storage/mysql/mysql_stores.h"

namespace sesame {
namespace {

int VoteCodeUsage() {
  std::cerr << "usage: sesame vote-code invalidate --login L [--reason R]\n"
               "  the voter's vote code stops working at once (reason and "
               "time kept);\n"
               "  /education/vote then offers the « réassort »\n";
  return 2;
}

}  // namespace

int RunVoteCode(const Config& config, const Args& args) {
  if (args.empty() || args[0] != "invalidate") return VoteCodeUsage();
  std::string login;
  std::string reason = "invalidé par un opérateur";
  bool has_login = false, has_reason = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& k = args[i];
    if (i + 1 >= args.size()) return VoteCodeUsage();
    const std::string& v = args[++i];
    if (k == "--login" && !has_login) {
      login = v;
      has_login = true;
    } else if (k == "--reason" && !has_reason) {
      reason = v;
      has_reason = true;
    } else {
      std::cerr << "sesame vote-code invalidate: bad option " << k << "\n";
      return VoteCodeUsage();
    }
  }
  if (!has_login || reason.empty() || reason.size() > 200) {
    return VoteCodeUsage();
  }
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) {
    std::cerr << "sesame: database: " << opened.status().message() << "\n";
    return 1;
  }
  Stores stores = (*opened)->stores();
  StatusOr<Account> account = stores.accounts->FindByLogin(login);
  if (!account.ok()) {
    std::cerr << "sesame vote-code invalidate: no account " << login << "\n";
    return 1;
  }
  StatusOr<bool> done = stores.education->InvalidateVoteCode(
      account->id, reason,
      {account->id, "education.vote_code.invalidated", "cli", reason});
  if (!done.ok()) {
    std::cerr << "sesame vote-code invalidate: "
              << (done.status().code() == StatusCode::kNotFound
                      ? login + " is no Education voter"
                      : std::string(done.status().message()))
              << "\n";
    return 1;
  }
  std::cout << "vote code of " << login
            << (*done ? " invalidated\n" : " was invalidated already\n");
  return 0;
}

}  // namespace sesame
