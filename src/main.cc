// sesame: the credential-recovery portal and its admin commands.
#include <cstring>
#include <iostream>

#include "cli/commands.h"
#include "flows/flows.h"

namespace {

const char kUsage[] =
    "usage: sesame [-c FILE] COMMAND [ARGS]\n"
    "\n"
    "The config file is -c FILE, or $SESAME_CONFIG.\n"
    "\n"
    "commands:\n"
    "  serve              run the FastCGI server ([server] listen)\n"
    "  deliver [--once]   send queued mail and SMS (outbox worker)\n"
    "  migrate [--dir D] [--db-user U [--db-password-file F]]\n"
    "                     create or upgrade the database schema (as U)\n"
    "  check-config [--nginx]  print every problem of the config file;\n"
    "                     --nginx: then the nginx locations for it\n"
    "  gen-key FILE       write a new random secret key file\n"
    "  account ...        add | import | show | disable | enable\n"
    "  purge              delete expired sessions, limits, outbox rows\n"
    "  audit verify [--anchor ID:MAC]  check the audit log's chain\n"
    "  audit anchor       print the chain's head (ID:MAC) to keep elsewhere\n"
    "  audit show --officer L [--last N]  an officer's desk actions\n"
    "  officer add --login L --bureau B [--email E] [--name N]\n"
    "                     an officer of the Interior flow's desk (/guichet/)\n"
    "  vote-code invalidate --login L [--reason R]\n"
    "                     a voter's vote code stops working (Education flow)\n"
    "  hash-bench [--seconds N]  Argon2id hashes per second, all cores\n"
    "  totp SECRET        the current TOTP code of a base32 secret\n"
    "  version            print the version\n";

}  // namespace

int main(int argc, char** argv) {
  std::string config_path;
  int i = 1;
  for (; i < argc; ++i) {
    if ((std::strcmp(argv[i], "-c") == 0 ||
         std::strcmp(argv[i], "--config") == 0) &&
        i + 1 < argc) {
      config_path = argv[++i];
    } else if (std::strcmp(argv[i], "-h") == 0 ||
               std::strcmp(argv[i], "--help") == 0) {
      std::cout << kUsage;
      return 0;
    } else {
      break;
    }
  }
  if (i >= argc) {
    std::cerr << kUsage;
    return 2;
  }
  std::string command = argv[i++];
  sesame::Args args(argv + i, argv + argc);

  if (command == "version") {
    std::cout << "sesame " << SESAME_VERSION << "\n";
    return 0;
  }
  if (command == "gen-key") return sesame::RunGenKey(args);
  if (command == "totp") return sesame::RunTotp(args);
  if (command == "check-config") {
    return sesame::RunCheckConfig(config_path, args);
  }

  using Runner = int (*)(const sesame::Config&, const sesame::Args&);
  Runner runner = nullptr;
  if (command == "serve") {
    runner = [](const sesame::Config& c, const sesame::Args&) {
      return sesame::RunServe(c);
    };
  } else if (command == "deliver") {
    runner = sesame::RunDeliver;
  } else if (command == "migrate") {
    runner = sesame::RunMigrate;
  } else if (command == "purge") {
    runner = [](const sesame::Config& c, const sesame::Args&) {
      return sesame::RunPurge(c);
    };
  } else if (command == "account") {
    runner = sesame::RunAccount;
  } else if (command == "officer") {
    runner = sesame::RunOfficer;
  } else if (command == "vote-code") {
    runner = sesame::RunVoteCode;
  } else if (command == "audit") {
    runner = sesame::RunAudit;
  } else if (command == "hash-bench") {
    runner = sesame::RunHashBench;
  } else {
    std::cerr << "sesame: unknown command " << command << "\n\n" << kUsage;
    return 2;
  }
  sesame::StatusOr<sesame::Config> config =
      sesame::LoadConfig(config_path, sesame::FlowConfigSchema());
  if (!config.ok()) {
    std::cerr << "sesame: the configuration has problems:\n"
              << config.status().message() << "\n";
    return 1;
  }
  return runner(*config, args);
}
