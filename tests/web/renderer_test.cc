// The renderer sets only the texts a page's templates show and keeps the
// pages drawn twice, a CSRF token's place marked: what it keeps must never
// show one visitor's page or token to another, nor an old value after a new
// one, and a page drawn once is not kept.
#include "web/renderer.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace sesame {
namespace {

class RendererTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sesame_renderer_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::filesystem::create_directory(dir_ + "/i18n");
    // Names of their own: ctemplate caches templates by name, process-wide.
    Write("rt_layout.tpl",
          "{{%AUTOESCAPE context=\"HTML\"}}<title>{{TITLE}}</title>"
          "<p>{{T_rt_skip:none}}</p>{{>BODY}}");
    Write("rt_state.tpl",
          "{{%AUTOESCAPE context=\"HTML\"}}<p>{{MESSAGE}}</p>"
          "<p>{{T_rt_left:none}}</p>{{#ITEM}}<i>{{NAME}}</i>{{/ITEM}}");
    Write("rt_form.tpl",
          "{{%AUTOESCAPE context=\"HTML\"}}<input name=\"csrf\" "
          "value=\"{{CSRF}}\"><p>{{MESSAGE}}</p>");
    Write("rt_mail.txt.tpl", "{{T_rt_amp:none}}");
    Write("i18n/fr.txt",
          "rt_skip = Aller & venir\nrt_left = Il reste {n} essais\n"
          "rt_amp = A & B\n");
    Write("i18n/en.txt",
          "rt_skip = Come & go\nrt_left = {n} attempts left\n"
          "rt_amp = A & B\n");
    renderer_.emplace(dir_);
    ASSERT_TRUE(renderer_->LoadLanguages({"fr", "en"}, {}).ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ + "/" + name, std::ios::binary) << content;
  }

  std::string Render(const Page& page, const PageData& common,
                     const std::string& lang = "fr") {
    StatusOr<std::string> html =
        renderer_->Render("rt_layout.tpl", page, common, lang);
    EXPECT_TRUE(html.ok()) << html.status().ToString();
    return html.ok() ? *html : "";
  }

  static Page State(const std::string& message, const std::string& n) {
    Page page{"rt_state.tpl", "Titre", {}};
    page.data.Set("MESSAGE", message);
    page.data.Set("n", n);
    return page;
  }

  std::string dir_;
  std::optional<CtemplateRenderer> renderer_;
};

TEST_F(RendererTest, ShowsTheTextsOfItsTemplatesEscaped) {
  const std::string html = Render(State("m", "3"), {});
  EXPECT_NE(html.find("<p>Aller &amp; venir</p>"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>Il reste 3 essais</p>"), std::string::npos) << html;
}

TEST_F(RendererTest, TheSamePageAgainIsTheSamePage) {
  const std::string first = Render(State("m", "3"), {});
  EXPECT_EQ(Render(State("m", "3"), {}), first);
  EXPECT_EQ(Render(State("m", "3"), {}), first);  // the kept page
}

TEST_F(RendererTest, AValueChangedShowsTheNewValue) {
  // Kept from the second drawing on.
  Render(State("premier", "3"), {});
  Render(State("premier", "3"), {});
  EXPECT_NE(Render(State("second", "3"), {}).find("<p>second</p>"),
            std::string::npos);
}

TEST_F(RendererTest, APlaceholderChangedShowsTheNewValue) {
  // "n" is no marker of the templates: it shows through a text.
  // Kept from the second drawing on.
  Render(State("m", "3"), {});
  Render(State("m", "3"), {});
  EXPECT_NE(Render(State("m", "2"), {}).find("Il reste 2 essais"),
            std::string::npos);
}

TEST_F(RendererTest, ASectionChangedShowsTheNewSection) {
  Page one = State("m", "3");
  one.data.AddSection("ITEM").Set("NAME", "a");
  Page two = State("m", "3");
  two.data.AddSection("ITEM").Set("NAME", "a");
  two.data.AddSection("ITEM").Set("NAME", "b");
  EXPECT_NE(Render(one, {}).find("<i>a</i>"), std::string::npos);
  const std::string html = Render(two, {});
  EXPECT_NE(html.find("<i>a</i><i>b</i>"), std::string::npos) << html;
}

TEST_F(RendererTest, ALanguageChangedShowsTheOtherLanguage) {
  // Kept from the second drawing on.
  Render(State("m", "3"), {});
  Render(State("m", "3"), {});
  const std::string html = Render(State("m", "3"), {}, "en");
  EXPECT_NE(html.find("3 attempts left"), std::string::npos) << html;
  EXPECT_NE(html.find("Come &amp; go"), std::string::npos) << html;
}

TEST_F(RendererTest, EachVisitorSeesTheirOwnCsrfToken) {
  Page page{"rt_form.tpl", "Titre", {}};
  page.data.Set("MESSAGE", "m");
  PageData alice, bob;
  alice.Set("CSRF", "token-alice");
  bob.Set("CSRF", "token-bob");
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(Render(page, alice).find("value=\"token-alice\""),
              std::string::npos);
  }
  EXPECT_EQ(renderer_->KeptPages(), 1u);  // one page, whoever's token
  const std::string html = Render(page, bob);
  EXPECT_NE(html.find("<input name=\"csrf\" value=\"token-bob\"><p>m</p>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("token-alice"), std::string::npos) << html;
  // A kept page is the page drawn afresh, with the visitor's token.
  Page other = page;
  other.data.Set("MESSAGE", "n");
  Render(other, bob);
  const std::string fresh = Render(other, bob);
  EXPECT_EQ(renderer_->KeptPages(), 2u);  // drawn once more, kept now
  EXPECT_EQ(Render(other, bob), fresh);
}

TEST_F(RendererTest, AnUnusualTokenIsShownEscapedAndNotKept) {
  Page page{"rt_form.tpl", "Titre", {}};
  page.data.Set("MESSAGE", "m");
  PageData odd;
  odd.Set("CSRF", "a\"b<c");
  for (int i = 0; i < 3; ++i) {
    const std::string html = Render(page, odd);
    EXPECT_NE(html.find("value=\"a&quot;b&lt;c\""), std::string::npos) << html;
  }
  EXPECT_EQ(renderer_->KeptPages(), 0u);
}

TEST_F(RendererTest, APageDrawnOnceIsNotKept) {
  // A one-time code or what one visitor typed stays out of the kept pages.
  Render(State("code 482913", "1"), {});
  EXPECT_EQ(renderer_->KeptPages(), 0u);
  Render(State("code 482913", "1"), {});
  EXPECT_EQ(renderer_->KeptPages(), 1u);
  Render(State("code 777777", "1"), {});
  EXPECT_EQ(renderer_->KeptPages(), 1u);
}

TEST_F(RendererTest, ManyDifferentPagesEachShowTheirOwn) {
  // More pages than are kept: each still shows what it was given.
  for (int i = 0; i < 1200; ++i) {
    const std::string message = "message-" + std::to_string(i);
    ASSERT_NE(Render(State(message, "1"), {}).find("<p>" + message + "</p>"),
              std::string::npos);
  }
  EXPECT_NE(Render(State("message-7", "1"), {}).find("<p>message-7</p>"),
            std::string::npos);
}

TEST_F(RendererTest, SaysWhichPagesShowAValue) {
  EXPECT_TRUE(renderer_->Shows("rt_layout.tpl", "rt_form.tpl", "CSRF"));
  EXPECT_FALSE(renderer_->Shows("rt_layout.tpl", "rt_state.tpl", "CSRF"));
  EXPECT_TRUE(renderer_->Shows("rt_layout.tpl", "rt_state.tpl", "ITEM"));
  // Through a text's placeholder.
  EXPECT_TRUE(renderer_->Shows("rt_layout.tpl", "rt_state.tpl", "n"));
}

TEST_F(RendererTest, TextTemplatesGetTheTextsAsTheyAre) {
  StatusOr<std::string> text = renderer_->RenderOne("rt_mail.txt.tpl", {});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "A & B");
}

}  // namespace
}  // namespace sesame
