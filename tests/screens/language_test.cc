// Pages, mails and SMS in the request's language: the `lang` cookie set by
// the link on every page, else Accept-Language, else the first of
// [branding] languages; the Crédit Municipal flow end to end in English.
#include <gtest/gtest.h>

#include <regex>

#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kOld[] = "une phrase de passe solide 2026";
const char kNew[] = "Verger bleu, quatorze lanternes & un hibou";

Response GetIn(Harness& h, const std::string& path,
               const std::string& accept_language,
               const std::string& query = "") {
  Request r = h.Base("GET", path);
  r.headers["accept-language"] = accept_language;
  r.query = query;
  ParseUrlEncoded(query, &r.query_params);
  return h.Send(r);
}

Response PostIn(Harness& h, const std::string& path,
                std::map<std::string, std::string> form,
                const std::string& accept_language) {
  Request r = h.Base("POST", path);
  r.headers["accept-language"] = accept_language;
  form["csrf"] = h.app().CsrfToken(r.cookies["__Host-csrf"]);
  r.form = std::move(form);
  return h.Send(r);
}

bool Has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

TEST(LanguageTest, FrenchIsTheDefaultWithALinkToEnglish) {
  Harness h;
  Response r = h.Get("/login");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "<html lang=\"fr\">"));
  EXPECT_TRUE(Has(r.body, "<h1>Connexion</h1>"));
  EXPECT_TRUE(Has(r.body,
                  "href=\"/login?lang=en\" lang=\"en\" "
                  "hreflang=\"en\">English</a>"))
      << r.body;
  EXPECT_FALSE(Has(r.body, "Français</a>"));
}

TEST(LanguageTest, AcceptLanguageEnglishGivesEnglishPages) {
  Harness h;
  Response r = GetIn(h, "/login", "en-GB,en;q=0.9,fr;q=0.5");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "<html lang=\"en\">"));
  EXPECT_TRUE(Has(r.body, "<h1>Sign in</h1>"));
  EXPECT_TRUE(Has(r.body, "Forgotten access code?"));
  EXPECT_TRUE(Has(r.body, ">Français</a>"));
  EXPECT_FALSE(Has(r.body, "Identifiant"));
}

TEST(LanguageTest, SwitchLinkSetsALaxCookieThatWinsOverAcceptLanguage) {
  Harness h;
  Response r = GetIn(h, "/forgot", "fr-FR", "lang=en");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "<h1>Forgotten access code</h1>"));
  const std::string cookie = Harness::Header(r, "Set-Cookie");
  std::string lang_cookie;
  for (const auto& [n, v] : r.headers) {
    if (n == "Set-Cookie" && v.starts_with("__Host-lang=")) lang_cookie = v;
  }
  EXPECT_TRUE(lang_cookie.starts_with("__Host-lang=en;")) << lang_cookie;
  EXPECT_TRUE(Has(lang_cookie, "SameSite=Lax"));
  EXPECT_TRUE(Has(lang_cookie, "Secure"));
  // The cookie, sent back, beats a French Accept-Language.
  h.cookies["__Host-lang"] = "en";
  r = GetIn(h, "/login", "fr-FR,fr");
  EXPECT_TRUE(Has(r.body, "<html lang=\"en\">"));
  // And the link back to French sets it to French.
  r = GetIn(h, "/login", "", "lang=fr");
  EXPECT_TRUE(Has(r.body, "<html lang=\"fr\">"));
}

TEST(LanguageTest, UnknownLanguageInTheLinkIsIgnored) {
  Harness h;
  Response r = GetIn(h, "/login", "", "lang=de");
  EXPECT_TRUE(Has(r.body, "<html lang=\"fr\">"));
  for (const auto& [n, v] : r.headers) {
    EXPECT_FALSE(n == "Set-Cookie" && v.starts_with("__Host-lang="));
  }
  h.cookies["__Host-lang"] = "de";
  r = GetIn(h, "/login", "");
  EXPECT_TRUE(Has(r.body, "<html lang=\"fr\">"));
}

TEST(LanguageTest, GarbageAcceptLanguageGivesTheDefault) {
  Harness h;
  Response r = GetIn(h, "/login", "en;q=zz,;;,\x01");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "<html lang=\"fr\">"));
}

TEST(LanguageTest, OneLanguageShowsNoSwitchLink) {
  Config c = TestConfig();
  c.branding.languages = {"fr"};
  Harness h(c);
  Response r = GetIn(h, "/login", "en");
  EXPECT_TRUE(Has(r.body, "<html lang=\"fr\">"));
  EXPECT_FALSE(Has(r.body, "English"));
  EXPECT_FALSE(Has(r.body, "?lang="));
}

TEST(LanguageTest, EnglishFirstMakesEnglishTheDefault) {
  Config c = TestConfig();
  c.branding.languages = {"en", "fr"};
  Harness h(c);
  Response r = h.Get("/login");
  EXPECT_TRUE(Has(r.body, "<html lang=\"en\">"));
  EXPECT_TRUE(Has(r.body, ">Français</a>"));
}

TEST(LanguageTest, ErrorsOnTheFormAreInTheRequestLanguage) {
  Harness h;
  Response r = PostIn(h, "/forgot", {{"login", ""}, {"email", "x"}}, "en");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r.body, "Type your username."));
  EXPECT_TRUE(Has(r.body, "The e-mail address typed is not valid"));
  EXPECT_TRUE(Has(r.body, "There is a problem"));
}

TEST(LanguageTest, ConfiguredOrganisationIsTranslatedByTheDeployment) {
  Config c = TestConfig();
  c.translations["en"]["Crédit Municipal de Test"] = "Test Municipal Credit";
  Harness h(c);
  EXPECT_TRUE(Has(GetIn(h, "/login", "en").body, "Test Municipal Credit"));
  EXPECT_TRUE(Has(h.Get("/login").body, "Crédit Municipal de Test"));
}

// The whole Crédit Municipal flow in English: pages, mail, SMS, the
// confirmation mail; the account's language recorded.
TEST(LanguageTest, CreditMunicipalFlowInEnglish) {
  Harness h;
  const int64_t id = h.AddAccount("camille", kOld);
  Response r =
      PostIn(h, "/forgot",
             {{"login", "camille"}, {"email", "camille@example.org"}}, "en");
  ASSERT_EQ(r.status, 303);
  r = GetIn(h, "/forgot/sent", "en");
  EXPECT_TRUE(Has(r.body, "Your request has been received."));
  EXPECT_TRUE(Has(r.body, "with a link, valid for 12 hours;"));
  ASSERT_EQ(h.stores.outbox.size(), 2u);
  const OutboxMessage& mail = h.stores.outbox[0];
  const OutboxMessage& sms = h.stores.outbox[1];
  EXPECT_EQ(mail.subject, "Crédit Municipal de Test: Access code reset");
  EXPECT_TRUE(Has(mail.text, "Hello Camille camille,"));
  EXPECT_TRUE(Has(mail.text, "This link is valid for 12 h."));
  EXPECT_TRUE(Has(mail.html, "<html lang=\"en\">"));
  EXPECT_FALSE(Has(mail.text, "Bonjour"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      sms.text, m,
      std::regex("^Crédit Municipal de Test: to confirm your new access code, "
                 "please type the code (\\S+)\\.$")))
      << sms.text;
  const std::string code = m[1];
  EXPECT_EQ(h.stores.accounts[id].language, "en");

  ASSERT_TRUE(std::regex_search(mail.text, m,
                                std::regex("/reset\\?t=([A-Za-z0-9_-]{43})")));
  h.keep_cookies = true;
  r = GetIn(h, "/reset", "en", "t=" + std::string(m[1]));
  ASSERT_EQ(r.status, 303);
  r = GetIn(h, "/reset", "en");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "<h1>New access code</h1>"));
  EXPECT_TRUE(Has(r.body, "Activation code"));
  EXPECT_TRUE(Has(r.body, "has at least 12 characters"));
  r = PostIn(h, "/reset",
             {{"code", "ZZZZZ" == code ? "YYYYY" : "ZZZZZ"},
              {"password", kNew},
              {"password_confirm", kNew}},
             "en");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r.body, "The activation code is wrong."));
  EXPECT_TRUE(Has(r.body, "You have 4 tries left."));
  const size_t before = h.stores.outbox.size();
  r = PostIn(h, "/reset",
             {{"code", code}, {"password", kNew}, {"password_confirm", kNew}},
             "en");
  ASSERT_EQ(r.status, 303);
  r = GetIn(h, "/reset/done", "en");
  EXPECT_TRUE(Has(r.body, "<h1>Access code changed</h1>"));
  ASSERT_EQ(h.stores.outbox.size(), before + 1);
  const OutboxMessage& changed = h.stores.outbox.back();
  EXPECT_EQ(changed.subject,
            "Crédit Municipal de Test: your access code has been changed");
  EXPECT_TRUE(Has(changed.text, "The access code of your personal space"));
}

TEST(LanguageTest, FrenchRequestGivesFrenchMessagesAndRecordsFrench) {
  Harness h;
  const int64_t id = h.AddAccount("camille", kOld);
  h.stores.accounts[id].language = "en";
  Response r =
      PostIn(h, "/forgot",
             {{"login", "camille"}, {"email", "camille@example.org"}}, "fr-FR");
  ASSERT_EQ(r.status, 303);
  ASSERT_EQ(h.stores.outbox.size(), 2u);
  EXPECT_EQ(h.stores.outbox[0].subject,
            "Crédit Municipal de Test : Réinitialisation code d'accès");
  EXPECT_TRUE(Has(h.stores.outbox[1].text, "veuillez saisir le code"));
  EXPECT_EQ(h.stores.accounts[id].language, "fr");
}

TEST(LanguageTest, SignInRecordsTheLanguage) {
  Harness h;
  const int64_t id = h.AddAccount("camille", kOld);
  Response r =
      PostIn(h, "/login", {{"login", "camille"}, {"password", kOld}}, "en");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(h.stores.accounts[id].language, "en");
  r = GetIn(h, "/account", "en");
  EXPECT_TRUE(Has(r.body, "<h1>Personal space</h1>"));
  EXPECT_TRUE(Has(r.body, "Change my password"));
}

// The consular flow in English: its pages, the link mail and the one-time
// password's SMS.
TEST(LanguageTest, ConsularFlowInEnglish) {
  Config c = TestConfig();
  c.recovery.flows = {"credit_municipal", "consular"};
  Harness h(c);
  h.AddAccount("dominique", kOld, false, {{"numic", "345678"}});
  Response r = GetIn(h, "/consulaire/motdepasse", "en");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "<h1>A new password</h1>"));
  EXPECT_TRUE(Has(r.body, "Ask for a new password"));
  r = PostIn(h, "/consulaire/motdepasse",
             {{"numic", "00345678"}, {"email", "dominique@example.org"}}, "en");
  ASSERT_EQ(r.status, 303);
  r = GetIn(h, "/consulaire/envoye", "en");
  EXPECT_TRUE(Has(r.body, "An e-mail has just been sent to you"));
  ASSERT_EQ(h.stores.outbox.size(), 1u);
  const OutboxMessage mail = h.stores.outbox[0];
  EXPECT_EQ(mail.subject, "Crédit Municipal de Test: your new password");
  EXPECT_TRUE(Has(mail.text, "You asked for a new password."));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      mail.text, m, std::regex("/consulaire/lien\\?t=([A-Za-z0-9_-]{43})")));
  h.keep_cookies = true;
  ASSERT_EQ(GetIn(h, "/consulaire/lien", "en", "t=" + std::string(m[1])).status,
            303);
  r = GetIn(h, "/consulaire/lien", "en");
  EXPECT_TRUE(Has(r.body, "Type the username you received by e-mail."));
  r = PostIn(h, "/consulaire/lien", {{"login", "wrong"}}, "en");
  EXPECT_TRUE(Has(r.body, "The username typed does not match."));
  r = PostIn(h, "/consulaire/lien", {{"login", "dominique"}}, "en");
  ASSERT_EQ(r.status, 303);
  const OutboxMessage& sms = h.stores.outbox.back();
  EXPECT_TRUE(Has(sms.text, "Crédit Municipal de Test: your new password is "))
      << sms.text;
  r = GetIn(h, "/consulaire/lien/fait", "en");
  EXPECT_TRUE(Has(r.body,
                  "Your new password has been sent to you by text "
                  "message."));
}

TEST(LanguageTest, ConsularErrorsInEnglish) {
  Config c = TestConfig();
  c.recovery.flows = {"credit_municipal", "consular"};
  Harness h(c);
  Response r =
      PostIn(h, "/consulaire/identifiant",
             {{"numic", "12ab"}, {"email", "dominique@example.org"}}, "en");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r.body, "<h1>Your username again</h1>")) << r.body;
  EXPECT_TRUE(Has(r.body, "The NUMIC is made of 8 digits"));
  EXPECT_FALSE(Has(r.body, "NUMIC se compose"));
  r = PostIn(h, "/consulaire/identifiant", {{"numic", ""}, {"email", ""}},
             "en");
  EXPECT_TRUE(Has(r.body, "Type your NUMIC."));
  EXPECT_FALSE(Has(r.body, "Saisissez"));
}

}  // namespace
}  // namespace sesame::testing
