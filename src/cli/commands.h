// The `sesame` subcommands. Each returns the process exit code and prints
// problems on stderr in plain words (never a secret).
#ifndef SESAME_CLI_COMMANDS_H_
#define SESAME_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "core/config.h"

namespace sesame {

using Args = std::vector<std::string>;

int RunServe(const Config& config);
int RunDeliver(const Config& config, const Args& args);
int RunMigrate(const Config& config, const Args& args);
int RunPurge(const Config& config);
int RunAccount(const Config& config, const Args& args);
int RunAudit(const Config& config, const Args& args);
// `sesame audit show --officer L [--last N]` (RunAudit hands it "show").
int RunAuditShow(const Config& config, const Args& args);
// `sesame officer add --login L --bureau B [--email E] [--name N]`.
int RunOfficer(const Config& config, const Args& args);
// `sesame vote-code invalidate --login L [--reason R]` (Education flow).
int RunVoteCode(const Config& config, const Args& args);
int RunHashBench(const Config& config, const Args& args);
// These need no valid config.
// `check-config [--nginx]`: --nginx prints the nginx locations for the
// config (cli/nginx_snippet.h) once it is valid.
int RunCheckConfig(const std::string& path, const Args& args);
int RunGenKey(const Args& args);
// `sesame totp SECRET_BASE32`: the current TOTP code of a secret and the
// seconds left in its step (to try the officers' desk on a local stack).
int RunTotp(const Args& args);

// Blocks SIGINT, SIGTERM and SIGHUP in every thread started after it.
// WaitForStopSignal, called from one thread, returns once SIGINT or SIGTERM
// arrives (a SIGHUP meanwhile is logged as needing a restart);
// WaitForSignal returns the first of the three.
void BlockStopSignals();
int WaitForStopSignal();
int WaitForSignal();

// The sql/ directory: --dir, else the source tree's, else the installed one.
std::string DefaultSqlDir();

}  // namespace sesame

#endif  // SESAME_CLI_COMMANDS_H_
