// A QR code drawn with text, for the commands that print a secret to scan
// (`sesame officer add`: the TOTP otpauth:// URI).
#ifndef SESAME_CLI_QR_TERMINAL_H_
#define SESAME_CLI_QR_TERMINAL_H_

#include <string>
#include <string_view>

namespace sesame {

// `text` as a QR code (libqrencode, error correction level M, 8-bit mode),
// drawn with Unicode half blocks: each line holds two rows of modules
// ('█' both light, '▀' top light, '▄' bottom light, ' ' both dark), inside
// a quiet zone of 2 modules. Light modules are the terminal's foreground
// and dark ones its background: on the usual dark terminal (light text on
// black) phone cameras see dark modules on a light square, the polarity
// every reader expects. One '\n' after each of the (modules + 4 + 1) / 2
// lines. Empty when `text` cannot be encoded (empty, or too long for a
// version 40 symbol); never throws.
std::string QrForTerminal(std::string_view text);

}  // namespace sesame

#endif  // SESAME_CLI_QR_TERMINAL_H_
