#include "recovery/account_fields.h"

#include <algorithm>
#include <cctype>

#include "core/utf8.h"
#include "crypto/crypto.h"

namespace sesame {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

}  // namespace

std::optional<std::string> CheckLogin(const std::string& login) {
  if (login.empty()) return "login is empty";
  if (login.size() > 64) return "login is longer than 64 characters";
  for (char c : login) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '_' && c != '-' && c != '@') {
      return "login may only hold letters a-z A-Z, digits and . _ - @";
    }
  }
  return std::nullopt;
}

std::optional<std::string> CheckEmail(const std::string& email) {
  if (email.empty()) return "e-mail is empty";
  if (email.size() > 254) return "e-mail is longer than 254 characters";
  size_t at = email.find('@');
  if (at == std::string::npos || at == 0 ||
      email.find('@', at + 1) != std::string::npos) {
    return "e-mail must hold exactly one @ with text before it";
  }
  for (unsigned char c : email) {
    if (c <= 0x20 || c >= 0x7f || c == ',' || c == ';' || c == '<' ||
        c == '>' || c == '"' || c == '(' || c == ')' || c == '[' || c == ']' ||
        c == '\\') {
      return "e-mail holds a character that is not allowed in an address";
    }
  }
  std::string domain = email.substr(at + 1);
  if (domain.empty() || domain.find('.') == std::string::npos ||
      domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string::npos) {
    return "e-mail domain is not valid";
  }
  return std::nullopt;
}

std::optional<std::string> CheckDisplayName(const std::string& name) {
  if (name.size() > 200) return "display name is longer than 200 bytes";
  if (!IsValidUtf8(name)) return "display name is not valid UTF-8";
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return "display name holds a control character";
  }
  return std::nullopt;
}

std::string NormaliseEmail(const std::string& email) {
  size_t b = email.find_first_not_of(' ');
  size_t e = email.find_last_not_of(' ');
  if (b == std::string::npos) return "";
  std::string out = email.substr(b, e - b + 1);
  size_t at = out.rfind('@');
  if (at != std::string::npos) {
    for (size_t i = at + 1; i < out.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(out[i]);
      if (c < 0x80) out[i] = static_cast<char>(std::tolower(c));
    }
  }
  return out;
}

std::optional<std::string> NormalisePhone(const std::string& phone) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < phone.size(); ++i) {
    char c = phone[i];
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == ' ' || c == '.' || c == '-') {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (!plus) {
    if (digits.size() == 10 && digits[0] == '0' && digits[1] != '0') {
      return "+33" + digits.substr(1);
    }
    if (digits.rfind("00", 0) == 0) {
      digits = digits.substr(2);
    } else {
      return std::nullopt;
    }
  }
  if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') {
    return std::nullopt;
  }
  return "+" + digits;
}

std::optional<std::string> CheckNewAccount(NewAccount* a) {
  if (auto m = CheckLogin(a->login)) return "login: " + *m;
  a->email = NormaliseEmail(a->email);
  if (auto m = CheckEmail(a->email)) return "email: " + *m;
  if (!a->phone.empty()) {
    std::optional<std::string> p = NormalisePhone(a->phone);
    if (!p) return "phone: not a phone number (use +33612345678)";
    a->phone = *p;
  }
  if (auto m = CheckDisplayName(a->display_name)) return "name: " + *m;
  return std::nullopt;
}

std::string NewTemporaryPassword(size_t length) {
  return crypto::RandomString(std::max<size_t>(length, 12),
                              kTemporaryPasswordAlphabet);
}

}  // namespace sesame
