#include "web/fcgi_params.h"

#include <gtest/gtest.h>

namespace sesame {
namespace {

std::function<std::string(size_t)> Body(std::string body, int* calls) {
  return [body, calls](size_t n) {
    ++*calls;
    return body.substr(0, n);
  };
}

TEST(RequestFromParams, ReadsPathQueryHeadersCookiesAndForm) {
  int calls = 0;
  Request r = RequestFromParams(
      {"REQUEST_METHOD=POST", "DOCUMENT_URI=/sesame/login",
       "REQUEST_URI=/ignored", "QUERY_STRING=t=a%20b", "REMOTE_ADDR=192.0.2.1",
       "HTTP_SEC_FETCH_SITE=same-origin", "HTTP_COOKIE=sid=1; x = 2 ",
       "CONTENT_LENGTH=9",
       "CONTENT_TYPE=application/x-www-form-urlencoded; charset=UTF-8",
       "NO_EQUALS_SIGN"},
      {"/sesame", 1024}, Body("login=abcdef", &calls));
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/login");
  EXPECT_EQ(r.Param("t"), "a b");
  EXPECT_EQ(r.client_ip, "192.0.2.1");
  EXPECT_EQ(r.Header("sec-fetch-site"), "same-origin");
  EXPECT_EQ(r.Cookie("sid"), "1");
  EXPECT_EQ(r.Cookie("x"), "2");
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(r.form_problem, FormProblem::kNone);
  EXPECT_EQ(r.Field("login"), "abc");  // CONTENT_LENGTH bytes, no more
}

TEST(RequestFromParams, MountAndFallbackToRequestUri) {
  int calls = 0;
  EXPECT_EQ(RequestFromParams({"REQUEST_URI=/sesame?x=1"}, {"/sesame", 10},
                              Body("", &calls))
                .path,
            "/");
  EXPECT_EQ(RequestFromParams({"DOCUMENT_URI=/sesamex/login"}, {"/sesame", 10},
                              Body("", &calls))
                .path,
            "/\x01unmounted");
  EXPECT_EQ(RequestFromParams({"DOCUMENT_URI=/a", "DOCUMENT_URI=/b"}, {"", 10},
                              Body("", &calls))
                .path,
            "/a");
  EXPECT_EQ(calls, 0);  // not a POST: no body read
}

TEST(RequestFromParams, BodyLimitsAndContentType) {
  int calls = 0;
  Request big = RequestFromParams({"REQUEST_METHOD=POST", "CONTENT_LENGTH=11"},
                                  {"", 10}, Body("a=1", &calls));
  EXPECT_EQ(big.form_problem, FormProblem::kTooLarge);
  EXPECT_EQ(calls, 0);
  Request json = RequestFromParams({"REQUEST_METHOD=POST", "CONTENT_LENGTH=3",
                                    "CONTENT_TYPE=application/json"},
                                   {"", 10}, Body("a=1", &calls));
  EXPECT_EQ(json.form_problem, FormProblem::kMalformed);
  EXPECT_TRUE(json.form.empty());
}

// Found by tests/fuzz/fcgi_params_fuzz.cc: without DOCUMENT_URI and
// REQUEST_URI (or with one not starting with '/') the path was "" or
// relative, against Request's promise that it always starts with '/'.
TEST(RequestFromParams, FuzzFcgiParams_PathAlwaysStartsWithSlash) {
  int calls = 0;
  for (const std::vector<std::string_view>& params :
       std::vector<std::vector<std::string_view>>{
           {}, {"DOCUMENT_URI=login"}, {"REQUEST_URI=?x=1"}}) {
    for (const char* mount : {"", "/sesame"}) {
      const Request r =
          RequestFromParams(params, {mount, 10}, Body("", &calls));
      EXPECT_EQ(r.path, "/\x01unmounted") << mount;
    }
  }
}

// Found by tests/fuzz/fcgi_params_fuzz.cc: std::stoul read "+3", " 3" and
// "3x" as 3, though CONTENT_LENGTH is digits only (RFC 3875).
TEST(RequestFromParams, FuzzFcgiParams_ContentLengthIsDecimalDigits) {
  for (const char* length :
       {"CONTENT_LENGTH=+3", "CONTENT_LENGTH= 3", "CONTENT_LENGTH=3x",
        "CONTENT_LENGTH=-0", "CONTENT_LENGTH=0x3"}) {
    int calls = 0;
    const Request r = RequestFromParams({"REQUEST_METHOD=POST", length},
                                        {"", 10}, Body("a=1", &calls));
    EXPECT_EQ(calls, 0) << length;
    EXPECT_EQ(r.form_problem, FormProblem::kMalformed) << length;
    EXPECT_TRUE(r.form.empty()) << length;
  }
  int calls = 0;
  const Request r =
      RequestFromParams({"REQUEST_METHOD=POST", "CONTENT_LENGTH=003",
                         "CONTENT_TYPE=application/x-www-form-urlencoded"},
                        {"", 10}, Body("a=1", &calls));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(r.Field("a"), "1");
  const Request huge = RequestFromParams(
      {"REQUEST_METHOD=POST", "CONTENT_LENGTH=99999999999999999999999"},
      {"", 10}, Body("a=1", &calls));
  EXPECT_EQ(huge.form_problem, FormProblem::kTooLarge);
}

// nginx's $request_id (fastcgi_param REQUEST_ID) goes into log lines and
// audit rows; anything but 1-64 hex digits is dropped.
TEST(RequestFromParams, KeepsAWellFormedRequestId) {
  int calls = 0;
  Request r = RequestFromParams({"REQUEST_METHOD=GET", "DOCUMENT_URI=/login",
                                 "REQUEST_ID=0f1e2d3c4b5a69788796a5b4c3d2e1f0"},
                                {"", 1024}, Body("", &calls));
  EXPECT_EQ(r.request_id, "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
}

TEST(RequestFromParams, MalformedRequestIdIsIgnored) {
  for (const char* bad :
       {"REQUEST_ID=", "REQUEST_ID=not-hex", "REQUEST_ID=abc\"}{\"x\":1",
        "REQUEST_ID=abc def",
        "REQUEST_ID="
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    int calls = 0;
    Request r =
        RequestFromParams({"REQUEST_METHOD=GET", "DOCUMENT_URI=/login", bad},
                          {"", 1024}, Body("", &calls));
    EXPECT_EQ(r.request_id, "") << bad;
  }
}

}  // namespace
}  // namespace sesame
