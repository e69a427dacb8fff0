#include "notify/smtp_mail_sender.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/crypto.h"

namespace sesame {
namespace {

// Decodes a header value made of RFC 2047 B-words (folded or not) back to
// UTF-8; fails the test on anything else.
std::string DecodeWords(const std::string& value,
                        std::vector<std::string>* words = nullptr) {
  std::string out;
  size_t pos = 0;
  while (pos < value.size()) {
    if (value.compare(pos, 3, "\r\n ") == 0) {
      pos += 3;
      continue;
    }
    EXPECT_EQ(value.compare(pos, 10, "=?UTF-8?B?"), 0) << value.substr(pos);
    size_t end = value.find("?=", pos + 10);
    EXPECT_NE(end, std::string::npos);
    if (end == std::string::npos) break;
    std::string b64 = value.substr(pos + 10, end - pos - 10);
    while (!b64.empty() && b64.back() == '=') b64.pop_back();
    for (char& c : b64) {
      if (c == '+') c = '-';
      if (c == '/') c = '_';
    }
    std::string raw;
    EXPECT_TRUE(crypto::Base64UrlDecode(b64, &raw)) << b64;
    if (words) words->push_back(raw);
    out += raw;
    pos = end + 2;
  }
  return out;
}

TEST(ValidateMailAddressTest, AcceptsOneBareAddress) {
  EXPECT_TRUE(ValidateMailAddress("jean.dupont@example.org").ok());
  EXPECT_TRUE(ValidateMailAddress("a+tag@sub.example.fr").ok());
}

TEST(ValidateMailAddressTest, B9_RefusesHeaderAndRecipientInjection) {
  for (const char* bad : {
           "a@b.c\r\nBcc: victim@evil.test",
           "a@b.c\nRCPT TO:<x@evil.test>",
           "a@b.c\r",
           "a@b.c,x@evil.test",
           "a@b.c;x@evil.test",
           "<a@b.c>",
           "a@b.c>",
           "Jean <a@b.c>",
           "a @b.c",
           "a@b@c",
           "ab.c",
           "@b.c",
           "a@",
           "",
           "\"a\"@b.c",
           "a\t@b.c",
       }) {
    Status st = ValidateMailAddress(bad);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(EncodeHeaderTextTest, ShortAsciiStaysReadable) {
  EXPECT_EQ(EncodeHeaderText("Hello world", 9), "Hello world");
}

TEST(EncodeHeaderTextTest, B9_ControlCharactersCannotInjectHeaders) {
  std::string v = EncodeHeaderText("Hi\r\nBcc: evil@x.test", 9);
  EXPECT_EQ(v.find('\n'), std::string::npos);
  EXPECT_EQ(v, "Hi  Bcc: evil@x.test");
}

TEST(EncodeHeaderTextTest, NonAsciiIsEncodedAndRoundTrips) {
  const std::string subject =
      "CRÉDIT MUNICIPAL : Réinitialisation code d'accès";
  std::string v = EncodeHeaderText(subject, 9);
  EXPECT_EQ(v.rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(DecodeWords(v), subject);
}

TEST(EncodeHeaderTextTest, LongTextIsFoldedUnder78AndNeverSplitsCharacters) {
  std::string subject;
  for (int i = 0; i < 12; ++i) subject += "Réinitialisation éèàç€😀 ";
  std::string v = EncodeHeaderText(subject, 9);
  std::vector<std::string> words;
  EXPECT_EQ(DecodeWords(v, &words), subject);
  EXPECT_GT(words.size(), 3u);
  // Words are filled (about 45 bytes each), not split needlessly.
  EXPECT_LE(words.size(), subject.size() / 40 + 2);
  for (const std::string& w : words) {
    ASSERT_FALSE(w.empty());
    // A word starts on a lead byte and ends on a complete character.
    EXPECT_NE(static_cast<unsigned char>(w.front()) & 0xC0, 0x80);
    size_t i = w.size();
    while (i > 0 && (static_cast<unsigned char>(w[i - 1]) & 0xC0) == 0x80) --i;
    ASSERT_GT(i, 0u);
    unsigned char lead = w[i - 1];
    size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    EXPECT_EQ(w.size() - (i - 1), len);
  }
  // "Subject: " + first line, then each folded line, all under 78.
  std::string full = "Subject: " + v;
  size_t start = 0;
  while (start < full.size()) {
    size_t end = full.find("\r\n", start);
    if (end == std::string::npos) end = full.size();
    EXPECT_LT(end - start, 78u);
    start = end + 2;
  }
}

TEST(EncodeHeaderTextTest, LongAsciiIsAlsoFolded) {
  std::string subject(200, 'a');
  std::string v = EncodeHeaderText(subject, 9);
  EXPECT_NE(v.find("\r\n "), std::string::npos);
  EXPECT_EQ(DecodeWords(v), subject);
}

// Found by tests/fuzz/smtp_header_fuzz.cc: a run of stray UTF-8
// continuation bytes (text that is not UTF-8) was taken whole into one
// encoded word, however long, so a line could pass 78 and even 998
// characters.
TEST(EncodeHeaderTextTest, FuzzSmtpHeader_StrayContinuationBytesStillFold) {
  const std::string text =
      "Cr\xC3\xA9"
      "dit " +
      std::string(2000, '\xAF') + " fin";
  const std::string v = EncodeHeaderText(text, 9);
  std::vector<std::string> words;
  EXPECT_EQ(DecodeWords(v, &words), text);
  std::string full = "Subject: " + v;
  size_t start = 0;
  while (start < full.size()) {
    size_t end = full.find("\r\n", start);
    if (end == std::string::npos) end = full.size();
    EXPECT_LT(end - start, 78u);
    start = end + 2;
  }
}

TEST(FormatMailDateTest, Rfc5322InUtc) {
  EXPECT_EQ(FormatMailDate(784111777), "Sun, 06 Nov 1994 08:49:37 +0000");
}

TEST(BuildMailHeadersTest, CarriesEveryHeader) {
  MailConfig config;
  config.from = "no-reply@credit.example";
  config.from_name = "Crédit Municipal";
  Mail mail{"jean@example.org", "Code d'accès", "text", "<p>html</p>",
            "<row-42@credit.example>"};
  std::vector<std::string> h = BuildMailHeaders(config, mail, 784111777);
  ASSERT_EQ(h.size(), 6u);
  EXPECT_EQ(h[0].rfind("From: =?UTF-8?B?", 0), 0u);
  EXPECT_NE(h[0].find(" <no-reply@credit.example>"), std::string::npos);
  EXPECT_EQ(DecodeWords(h[0].substr(6, h[0].find(" <") - 6)),
            "Crédit Municipal");
  EXPECT_EQ(h[1], "To: jean@example.org");
  EXPECT_EQ(DecodeWords(h[2].substr(9)), "Code d'accès");
  EXPECT_EQ(h[3], "Date: Sun, 06 Nov 1994 08:49:37 +0000");
  EXPECT_EQ(h[4], "Message-ID: <row-42@credit.example>");
  EXPECT_EQ(h[5], "MIME-Version: 1.0");
}

TEST(BuildMailHeadersTest, AFlowsSenderReplacesTheConfiguredFrom) {
  MailConfig config;
  config.from = "no-reply@credit.example";
  config.from_name = "Crédit Municipal";
  Mail mail;
  mail.to = "jean@example.org";
  mail.from = "vote@consulaire.example";
  std::vector<std::string> h = BuildMailHeaders(config, mail, 0);
  // Its own address, and not the configured name with it.
  EXPECT_EQ(h[0], "From: vote@consulaire.example");
  mail.from_name = "Vote consulaire";
  h = BuildMailHeaders(config, mail, 0);
  EXPECT_EQ(h[0], "From: \"Vote consulaire\" <vote@consulaire.example>");
  // A name alone keeps the configured address.
  mail.from = "";
  mail.from_name = "Service";
  h = BuildMailHeaders(config, mail, 0);
  EXPECT_EQ(h[0], "From: \"Service\" <no-reply@credit.example>");
}

TEST(BuildMailHeadersTest, AsciiDisplayNameIsQuoted) {
  MailConfig config;
  config.from = "a@b.example";
  config.from_name = "Service \"Sésame\"";  // non-ASCII: encoded
  std::vector<std::string> h = BuildMailHeaders(config, Mail{}, 0);
  EXPECT_EQ(h[0].rfind("From: =?UTF-8?B?", 0), 0u);
  config.from_name = "Service, \"RH\"";
  h = BuildMailHeaders(config, Mail{}, 0);
  EXPECT_EQ(h[0], "From: \"Service, \\\"RH\\\"\" <a@b.example>");
}

// A long ASCII display name ([mail] from_name has no length limit) was
// quoted on one line, past RFC 5322's 998 characters; the fuzz harness's
// line-length invariant (tests/fuzz/smtp_header_fuzz.cc) covers it with
// the seed long-display-name.
TEST(BuildMailHeadersTest, FuzzSmtpHeader_LongDisplayNameIsFolded) {
  MailConfig config;
  config.from = "a@b.example";
  config.from_name = std::string(1000, 'A');
  std::vector<std::string> h = BuildMailHeaders(config, Mail{}, 0);
  const std::string& from = h[0];
  const size_t open = from.rfind(" <");
  ASSERT_NE(open, std::string::npos);
  EXPECT_EQ(from.substr(open), " <a@b.example>");
  EXPECT_EQ(DecodeWords(from.substr(6, open - 6)), config.from_name);
  // Every line of the name under 78 characters (the address follows the
  // last one).
  const std::string name_lines = from.substr(0, open);
  size_t start = 0;
  while (start < name_lines.size()) {
    size_t end = name_lines.find("\r\n", start);
    if (end == std::string::npos) end = name_lines.size();
    EXPECT_LT(end - start, 78u);
    start = end + 2;
  }
}

TEST(BuildMailHeadersTest, MalformedMessageIdIsReplaced) {
  MailConfig config;
  config.from = "a@b.example";
  Mail mail;
  mail.message_id = "<x@y>\r\nBcc: evil@x.test";
  std::vector<std::string> h = BuildMailHeaders(config, mail, 0);
  EXPECT_EQ(h[4].find('\n'), std::string::npos);
  EXPECT_EQ(h[4].rfind("Message-ID: <", 0), 0u);
  EXPECT_NE(h[4].find("@b.example>"), std::string::npos);
}

TEST(SmtpMailSenderTest, RefusesABadRecipientWithoutConnecting) {
  MailConfig config;
  config.smtp_url = "smtp://127.0.0.1:1";  // nothing listens there
  SmtpMailSender sender(config);
  Status st = sender.Send(Mail{"a@b.c, x@evil.test", "s", "t", "", ""});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sesame
