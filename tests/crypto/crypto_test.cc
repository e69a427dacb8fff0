#include "crypto/crypto.h"

#include <argon2.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "crypto/password_hasher.h"

namespace sesame::crypto {
namespace {

using ::testing::StartsWith;

bool IsBase64Url(const std::string& s) {
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

TEST(RandomTest, RandomBytesHasTheLengthAndVaries) {
  EXPECT_EQ(RandomBytes(0).size(), 0u);
  EXPECT_EQ(RandomBytes(1).size(), 1u);
  EXPECT_EQ(RandomBytes(4096).size(), 4096u);
  // Two 32-byte draws are equal with probability 2^-256.
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

TEST(RandomTest, NewTokenIs43Base64UrlCharsDecodingTo32Bytes) {
  std::string token = NewToken();
  EXPECT_EQ(token.size(), 43u);
  EXPECT_TRUE(IsBase64Url(token)) << token;
  std::string raw;
  ASSERT_TRUE(Base64UrlDecode(token, &raw));
  EXPECT_EQ(raw.size(), 32u);
  EXPECT_EQ(Base64UrlEncode(raw), token);
}

TEST(RandomTest, LooksLikeTokenTakesNewTokensAndNothingElse) {
  EXPECT_TRUE(LooksLikeToken(NewToken()));
  const std::string token(43, 'A');
  EXPECT_TRUE(LooksLikeToken(token));
  EXPECT_FALSE(LooksLikeToken(""));
  EXPECT_FALSE(LooksLikeToken(token.substr(1)));
  EXPECT_FALSE(LooksLikeToken(token + "A"));
  EXPECT_FALSE(LooksLikeToken(token.substr(1) + "="));
  EXPECT_FALSE(LooksLikeToken(token.substr(1) + "+"));
  EXPECT_FALSE(LooksLikeToken(token.substr(1) + "/"));
}

TEST(SignedTokenTest, ValidOnlyUnderItsKeyAndUnaltered) {
  const std::string key(32, 'k');
  const std::string token = NewSignedToken(key);
  EXPECT_TRUE(LooksLikeToken(token));  // the shape of every other token
  EXPECT_TRUE(SignedTokenValid(key, token));
  EXPECT_FALSE(SignedTokenValid(std::string(32, 'j'), token));
  EXPECT_FALSE(SignedTokenValid(key, NewToken()));  // random, unsigned
  EXPECT_FALSE(SignedTokenValid(key, ""));
  EXPECT_FALSE(SignedTokenValid(key, token.substr(0, 42)));
  EXPECT_FALSE(SignedTokenValid(key, token + "A"));
  // Each character changed (to another of the alphabet) breaks the MAC or
  // the decoding (the last one's two low bits must be zero).
  for (size_t i = 0; i < token.size(); ++i) {
    std::string altered = token;
    altered[i] = token[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(SignedTokenValid(key, altered)) << i;
  }
  EXPECT_NE(NewSignedToken(key), token);
}

TEST(RandomTest, C11_HundredThousandTokensHaveNoDuplicates) {
  std::unordered_set<std::string> seen;
  seen.reserve(100000);
  for (int i = 0; i < 100000; ++i) {
    std::string t = NewToken();
    ASSERT_EQ(t.size(), 43u);
    ASSERT_TRUE(seen.insert(t).second) << "duplicate token " << t;
  }
  EXPECT_EQ(seen.size(), 100000u);
}

// C12: processes forked after tokens were drawn draw different tokens
// (nothing is seeded in-process before a fork).
TEST(RandomTest, C12_ForkedProcessesDrawDifferentTokens) {
  (void)NewToken();  // the parent has drawn before forking
  std::unordered_set<std::string> seen = {NewToken()};
  for (int child = 0; child < 8; ++child) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      const std::string t = NewToken();
      ssize_t n = write(fds[1], t.data(), t.size());
      _exit(n == static_cast<ssize_t>(t.size()) ? 0 : 1);
    }
    close(fds[1]);
    char buf[64] = {0};
    ssize_t n = read(fds[0], buf, sizeof(buf));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_EQ(n, 43);
    EXPECT_TRUE(seen.insert(std::string(buf, 43)).second);
  }
  EXPECT_TRUE(seen.insert(NewToken()).second);
  EXPECT_EQ(seen.size(), 10u);
}

TEST(RandomTest, RandomStringUsesOnlyTheAlphabet) {
  const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford
  for (size_t len : {0u, 1u, 5u, 64u, 1000u}) {
    std::string s = RandomString(len, alphabet);
    ASSERT_EQ(s.size(), len);
    for (char c : s) {
      EXPECT_NE(alphabet.find(c), std::string::npos) << c;
    }
  }
  EXPECT_EQ(RandomString(20, "x"), std::string(20, 'x'));
}

TEST(RandomTest, RandomStringIsUniform) {
  // 36 symbols do not divide 256: a modulo without rejection would give the
  // first 4 symbols 8/256 instead of 7/256 of the draws (+14%). With 360,000
  // draws each count is 10,000 +- 100 (one standard deviation); the bounds
  // below are 6 standard deviations wide, which a uniform generator leaves
  // with probability about 1e-8 per symbol, while the biased one would sit at
  // 11,250.
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const int draws = 360000;
  std::string s = RandomString(draws, alphabet);
  std::map<char, int> counts;
  for (char c : s) ++counts[c];
  ASSERT_EQ(counts.size(), alphabet.size());  // every symbol appears
  double chi2 = 0;
  const double expected = static_cast<double>(draws) / alphabet.size();
  for (char c : alphabet) {
    EXPECT_GT(counts[c], 9400) << c;
    EXPECT_LT(counts[c], 10600) << c;
    double d = counts[c] - expected;
    chi2 += d * d / expected;
  }
  // 35 degrees of freedom: mean 35, sd 8.4. 150 is beyond 13 sd.
  EXPECT_LT(chi2, 150.0);
}

TEST(RandomTest, RandomStringSmallAlphabetEveryLetterSeen) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";  // 32
  std::string s = RandomString(100000, alphabet);
  std::map<char, int> counts;
  for (char c : s) ++counts[c];
  EXPECT_EQ(counts.size(), 32u);
}

TEST(RandomTest, RandomStringRefusesEmptyAlphabet) {
  EXPECT_THROW(RandomString(5, ""), std::invalid_argument);
}

TEST(DigestTest, Sha256KnownVectors) {
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256("abc").size(), 32u);
}

TEST(DigestTest, HmacSha256Rfc4231) {
  // Test case 1.
  EXPECT_EQ(HexEncode(HmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block size.
  EXPECT_EQ(
      HexEncode(HmacSha256(std::string(131, '\xaa'),
                           "Test Using Larger Than Block-Size Key - Hash Key "
                           "First")),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(DigestTest, Sha1HexIsUppercase) {
  EXPECT_EQ(Sha1Hex("abc"), "A9993E364706816ABA3E25717850C26C9CD0D89D");
  EXPECT_EQ(Sha1Hex("password"), "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8");
}

TEST(EncodingTest, HexEncode) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode(std::string("\x00\x7f\x80\xff", 4)), "007f80ff");
}

TEST(EncodingTest, Base64UrlRfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {{"", ""},
                                                       {"f", "Zg"},
                                                       {"fo", "Zm8"},
                                                       {"foo", "Zm9v"},
                                                       {"foob", "Zm9vYg"},
                                                       {"fooba", "Zm9vYmE"},
                                                       {"foobar", "Zm9vYmFy"}};
  for (const auto& [raw, text] : cases) {
    EXPECT_EQ(Base64UrlEncode(raw), text);
    std::string decoded = "junk";
    ASSERT_TRUE(Base64UrlDecode(text, &decoded)) << text;
    EXPECT_EQ(decoded, raw);
  }
  // The URL-safe alphabet: '-' and '_' instead of '+' and '/'.
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Base64UrlEncode("\xfb\xef\xbe"), "----");
  EXPECT_EQ(Base64UrlEncode("\xff\xff\xff"), "____");
}

TEST(EncodingTest, Base64UrlRoundTripAllLengths) {
  for (size_t n = 0; n < 70; ++n) {
    std::string raw = RandomBytes(n);
    std::string text = Base64UrlEncode(raw);
    EXPECT_TRUE(IsBase64Url(text));
    EXPECT_EQ(text.find('='), std::string::npos);
    std::string back;
    ASSERT_TRUE(Base64UrlDecode(text, &back));
    EXPECT_EQ(back, raw);
  }
}

TEST(EncodingTest, Base64UrlRejectsBadCharacters) {
  std::string out;
  for (const char* bad : {"Zm9v+Zm9", "Zm9v/Zm9", "Zm9vYg==", "Zm9v Yg",
                          "Zm9v\nYg", "Zm9v.Yg", "Zm9vYé", "A", "Zm9vY"}) {
    EXPECT_FALSE(Base64UrlDecode(bad, &out)) << bad;
  }
  EXPECT_FALSE(Base64UrlDecode(std::string("Zm\0v", 4), &out));
}

TEST(CompareTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "Abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  std::string a(1000, 'x'), b(1000, 'x');
  EXPECT_TRUE(ConstantTimeEquals(a, b));
  b[999] = 'y';
  EXPECT_FALSE(ConstantTimeEquals(a, b));
  EXPECT_FALSE(
      ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(BoundMacTest, IsHmacOfContextBarValueAndBindsBoth) {
  std::string key(32, 'k');
  EXPECT_EQ(BoundMac(key, "ctx", "1234"), HmacSha256(key, "ctx|1234"));
  EXPECT_EQ(BoundMac(key, "ctx", "1234").size(), 32u);
  std::string mac = BoundMac(key, "ctx", "1234");
  EXPECT_TRUE(BoundMacMatches(key, "ctx", "1234", mac));
  EXPECT_FALSE(BoundMacMatches(key, "other", "1234", mac));
  EXPECT_FALSE(BoundMacMatches(key, "ctx", "1235", mac));
  EXPECT_FALSE(BoundMacMatches(std::string(32, 'j'), "ctx", "1234", mac));
  EXPECT_FALSE(BoundMacMatches(key, "ctx", "1234", ""));
  EXPECT_FALSE(BoundMacMatches(key, "ctx", "1234", mac.substr(0, 31)));
}

TEST(DeriveKeyTest, DeterministicAndPurposeBound) {
  std::string secret(32, 's');
  std::string k1 = DeriveKey(secret, "csrf");
  EXPECT_EQ(k1.size(), 32u);
  EXPECT_EQ(k1, DeriveKey(secret, "csrf"));
  EXPECT_NE(k1, DeriveKey(secret, "outbox"));
  EXPECT_NE(k1, DeriveKey(std::string(32, 't'), "csrf"));
}

TEST(DeriveKeyTest, KeptKeysAreTheKeysOfTheirOwnSecretAndPurpose) {
  // The HKDF by itself, for comparison: RFC 5869 with SHA-256.
  auto hkdf = [](const std::string& secret, const std::string& purpose) {
    const std::string prk = HmacSha256("sesame-hkdf-v1", secret);
    return HmacSha256(prk, purpose + '\x01');
  };
  const std::string a(32, 'a'), b(32, 'b');
  EXPECT_EQ(DeriveKey(a, "csrf"), hkdf(a, "csrf"));
  EXPECT_EQ(DeriveKey(b, "csrf"), hkdf(b, "csrf"));
  EXPECT_EQ(DeriveKey(a, "csrf"), hkdf(a, "csrf"));
  // Where the secret ends and the purpose starts.
  EXPECT_EQ(DeriveKey("ab", "c"), hkdf("ab", "c"));
  EXPECT_EQ(DeriveKey("a", "bc"), hkdf("a", "bc"));
  // More secrets than a thread keeps: each still gets its own key.
  for (int i = 0; i < 200; ++i) {
    const std::string secret = "secret-" + std::to_string(i % 70);
    ASSERT_EQ(DeriveKey(secret, "p"), hkdf(secret, "p")) << i;
  }
}

TEST(SealTest, RoundTrip) {
  std::string key = RandomBytes(32);
  for (std::string plain :
       {std::string(), std::string("+33612345678"), std::string(10000, 'z')}) {
    std::string sealed = Seal(key, plain);
    EXPECT_EQ(sealed.size(), plain.size() + 12 + 16);
    StatusOr<std::string> opened = Open(key, sealed);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    EXPECT_EQ(*opened, plain);
  }
}

TEST(SealTest, FreshNonceEachTime) {
  std::string key = RandomBytes(32);
  EXPECT_NE(Seal(key, "same"), Seal(key, "same"));
}

TEST(SealTest, AnyTamperedByteIsRefused) {
  std::string key = RandomBytes(32);
  std::string sealed = Seal(key, "code 4F7KQ pour Camille");
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string bad = sealed;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    StatusOr<std::string> opened = Open(key, bad);
    ASSERT_FALSE(opened.ok()) << "byte " << i;
    EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
  }
  // Truncated or extended.
  EXPECT_FALSE(Open(key, sealed.substr(0, sealed.size() - 1)).ok());
  EXPECT_FALSE(Open(key, sealed + "x").ok());
  EXPECT_FALSE(Open(key, "").ok());
  EXPECT_FALSE(Open(key, std::string(27, 'a')).ok());
}

TEST(SealTest, WrongKeyIsRefused) {
  std::string sealed = Seal(RandomBytes(32), "secret");
  StatusOr<std::string> opened = Open(RandomBytes(32), sealed);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
}

// ---- PasswordHasher ----

Argon2Config FastArgon2() {
  Argon2Config c;
  c.memory_kib = 8192;
  c.iterations = 1;
  c.parallelism = 1;
  return c;
}

TEST(PasswordHasherTest, F35_DefaultParametersInPhcString) {
  PasswordHasher hasher{Argon2Config{}};
  StatusOr<std::string> phc = hasher.Hash("loutre parapluie fanfare");
  ASSERT_TRUE(phc.ok()) << phc.status().message();
  EXPECT_THAT(*phc, StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
  // Salt (16 bytes) and hash (32 bytes), base64 without padding.
  size_t salt_start = std::string("$argon2id$v=19$m=19456,t=2,p=1$").size();
  size_t dollar = phc->find('$', salt_start);
  ASSERT_NE(dollar, std::string::npos);
  EXPECT_EQ(dollar - salt_start, 22u);
  EXPECT_EQ(phc->size() - dollar - 1, 43u);
  EXPECT_FALSE(hasher.NeedsRehash(*phc));
}

TEST(PasswordHasherTest, VerifyTrueAndFalse) {
  PasswordHasher hasher(FastArgon2());
  StatusOr<std::string> phc = hasher.Hash("mot de passe 🦊");
  ASSERT_TRUE(phc.ok());
  StatusOr<bool> ok = hasher.Verify(*phc, "mot de passe 🦊");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
  StatusOr<bool> wrong = hasher.Verify(*phc, "mot de passe 🦊 ");
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(*wrong);
  EXPECT_FALSE(*hasher.Verify(*phc, ""));
}

TEST(PasswordHasherTest, F35_SaltsDiffer) {
  PasswordHasher hasher(FastArgon2());
  EXPECT_NE(*hasher.Hash("same"), *hasher.Hash("same"));
}

TEST(PasswordHasherTest, EmptyOrGarbagePhcIsFalse) {
  PasswordHasher hasher(FastArgon2());
  std::string good = *hasher.Hash("x");
  for (std::string phc :
       {std::string(), std::string("garbage"), std::string("$argon2id$"),
        std::string("$argon2id$v=19$m=8192,t=1,p=1$bad$bad"),
        std::string("$argon2i$") + good.substr(10),
        good.substr(0, good.size() - 5), std::string("$2y$10$abcdefghij")}) {
    StatusOr<bool> r = hasher.Verify(phc, "x");
    ASSERT_TRUE(r.ok()) << phc;
    EXPECT_FALSE(*r) << phc;
  }
}

// R9: an imported (or tampered) hash cannot make a sign-in allocate
// gigabytes or hash for minutes: parameters past the bounds are refused by
// `account import` and never run by Verify.
TEST(PasswordHasherTest, R9_HashParametersAreBounded) {
  EXPECT_EQ(CheckPhcParameters("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
            "");
  EXPECT_EQ(CheckPhcParameters("$argon2id$v=19$m=262144,t=16,p=8$s$h"), "");
  for (const char* bad :
       {"$argon2id$v=19$m=4194304,t=2,p=1$s$h",
        "$argon2id$v=19$m=19456,t=1000,p=1$s$h",
        "$argon2id$v=19$m=19456,t=2,p=255$s$h",
        "$argon2id$v=19$m=4,t=2,p=1$s$h", "$argon2id$v=19$m=19456,t=0,p=1$s$h",
        "$argon2id$v=16$m=19456,t=2,p=1$s$h",
        "$argon2i$v=19$m=19456,t=2,p=1$s$h", "$argon2id$v=19$m=-1,t=2,p=1$s$h",
        "garbage", ""}) {
    EXPECT_NE(CheckPhcParameters(bad), "") << bad;
  }
  // A real hash re-labelled with a huge memory cost verifies false, through
  // the dummy, instead of allocating 4 GiB.
  PasswordHasher hasher(FastArgon2());
  std::string phc = *hasher.Hash("x");
  const size_t m = phc.find("m=");
  const size_t comma = phc.find(',', m);
  std::string huge = phc.substr(0, m) + "m=4194304" + phc.substr(comma);
  StatusOr<bool> r = hasher.Verify(huge, "x");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(*r);
  EXPECT_TRUE(*hasher.Verify(phc, "x"));
}

// Found by tests/fuzz/phc_fuzz.cc: sscanf's %u skipped spaces, took signs
// and wrapped numbers past 2^32, so parameters out of the bounds (or that
// libargon2 refuses, leaving an imported account without a usable
// password) passed the check.
TEST(PasswordHasherTest, FuzzPhc_ParametersAreDecimalDigitsThatNeverWrap) {
  for (const char* bad : {
           "$argon2id$v=19$m=4294986752,t=2,p=1$s$h",  // 2^32 + 19456
           "$argon2id$v=19$m=19456,t=4294967298,p=1$s$h",
           "$argon2id$v=19$m=19456,t= 2,p=1$s$h",
           "$argon2id$v=19$m=+19456,t=2,p=1$s$h",
           "$argon2id$v=19$m=19456,t=2,p=-4294967295$s$h",
           "$argon2id$v=19$m=19456,t=2,p=1",
       }) {
    EXPECT_NE(CheckPhcParameters(bad), "") << bad;
  }
  EXPECT_EQ(CheckPhcParameters("$argon2id$v=19$m=019456,t=2,p=1$s$h"), "");
  EXPECT_EQ(CheckPhcParameters("$argon2id$v=19$m=99999999999999,t=2,p=1$s$h"),
            "m must be 8 KiB per lane to 262144 KiB");
}

TEST(PasswordHasherTest, F35_NeedsRehashOnOtherParameters) {
  PasswordHasher fast(FastArgon2());
  std::string phc = *fast.Hash("x");
  EXPECT_FALSE(fast.NeedsRehash(phc));
  Argon2Config more = FastArgon2();
  more.iterations = 2;
  EXPECT_TRUE(PasswordHasher(more).NeedsRehash(phc));
  more = FastArgon2();
  more.memory_kib = 16384;
  EXPECT_TRUE(PasswordHasher(more).NeedsRehash(phc));
  more = FastArgon2();
  more.parallelism = 2;
  EXPECT_TRUE(PasswordHasher(more).NeedsRehash(phc));
  EXPECT_TRUE(fast.NeedsRehash(""));
  EXPECT_TRUE(fast.NeedsRehash("$2y$10$abc"));
  // Verification still works with the old parameters.
  PasswordHasher other(more);
  EXPECT_TRUE(*other.Verify(phc, "x"));
}

TEST(PasswordHasherTest, NoSlotMeansResourceExhausted) {
  // Deterministic: with no slot at all, every call waits queue_timeout_ms
  // and gives up.
  Argon2Config c = FastArgon2();
  c.max_concurrent = 0;
  c.queue_timeout_ms = 1;
  PasswordHasher hasher(c);
  StatusOr<std::string> h = hasher.Hash("x");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), StatusCode::kResourceExhausted);
  StatusOr<bool> v = hasher.Verify("", "x");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kResourceExhausted);
}

TEST(PasswordHasherTest, F36_ContentionGivesResourceExhausted) {
  // One slot; a second thread keeps it busy with hashes until this thread
  // has been turned away once. The outcome does not depend on timing: the
  // holder only stops after this thread is done trying, and this thread
  // tries until refused (a bound of 200 tries, each either refused at once
  // or waiting for a hash, is only reached if the limit is not enforced).
  Argon2Config c = FastArgon2();
  c.memory_kib = 65536;
  c.max_concurrent = 1;
  c.queue_timeout_ms = 1;
  PasswordHasher hasher(c);
  std::atomic<bool> stop{false};
  std::atomic<int> holder_hashes{0};
  std::thread holder([&] {
    while (!stop) {
      if (hasher.Hash("holder").ok()) ++holder_hashes;
    }
  });
  while (holder_hashes == 0) std::this_thread::yield();
  bool refused = false;
  for (int i = 0; i < 200 && !refused; ++i) {
    StatusOr<std::string> h = hasher.Hash("other");
    if (!h.ok()) {
      EXPECT_EQ(h.status().code(), StatusCode::kResourceExhausted);
      refused = true;
    }
  }
  stop = true;
  holder.join();
  EXPECT_TRUE(refused);
  // Once the holder is gone, the slot is free again.
  EXPECT_TRUE(hasher.Hash("after").ok());
}

}  // namespace
}  // namespace sesame::crypto

namespace sesame::crypto {
namespace {

TEST(Base64UrlDecodeCanonical, RefusesNonZeroUnusedBits) {
  std::string raw;
  EXPECT_TRUE(Base64UrlDecode("Zg", &raw));
  EXPECT_EQ(raw, "f");
  EXPECT_FALSE(Base64UrlDecode("Zh", &raw));
  EXPECT_TRUE(Base64UrlDecode("Zm8", &raw));
  EXPECT_FALSE(Base64UrlDecode("Zm9", &raw));
}

// libargon2's own PHC string, made by argon2id_hash_encoded.
std::string Libargon2Phc(uint32_t t, uint32_t m, uint32_t p,
                         const std::string& password, const std::string& salt,
                         size_t hash_bytes) {
  const size_t len =
      argon2_encodedlen(t, m, p, static_cast<uint32_t>(salt.size()),
                        static_cast<uint32_t>(hash_bytes), Argon2_id);
  std::string encoded(len, '\0');
  EXPECT_EQ(argon2id_hash_encoded(t, m, p, password.data(), password.size(),
                                  salt.data(), salt.size(), hash_bytes,
                                  encoded.data(), len),
            ARGON2_OK);
  return encoded.substr(0, encoded.find('\0'));
}

// Hashes written by libargon2 (as Sésame wrote them before libsodium
// computed them, read by libargon2's decoder) still verify, whatever their
// lanes, salt and hash lengths: one lane with a 16-byte salt goes to the
// library measured faster here (or the one the test names), the others to
// libargon2; and the hashes written now, by either library, verify with
// libargon2's own argon2id_verify.
TEST(PasswordHasherTest, PhcStringsAreLibargon2sBothWays) {
  for (Argon2Library library :
       {Argon2Library::kLibsodium, Argon2Library::kLibargon2}) {
    PasswordHasher hasher(FastArgon2(), library);
    EXPECT_EQ(hasher.uses_libsodium(), library == Argon2Library::kLibsodium);
    const std::string phc = *hasher.Hash("bascule");
    EXPECT_EQ(argon2id_verify(phc.c_str(), "bascule", 7), ARGON2_OK);
    EXPECT_TRUE(*hasher.Verify(phc, "bascule"));
    EXPECT_FALSE(*hasher.Verify(phc, "Bascule"));
  }
  // Whichever library was measured faster here computes the same bytes.
  PasswordHasher hasher(FastArgon2());
  struct Case {
    uint32_t t, m, p;
    size_t salt, hash;
  };
  for (const Case& c : {Case{1, 8192, 1, 16, 32}, Case{2, 8192, 2, 8, 16},
                        Case{1, 4096, 4, 32, 64}, Case{3, 8200, 1, 9, 4}}) {
    const std::string phc = Libargon2Phc(c.t, c.m, c.p, "correct horse",
                                         std::string(c.salt, 'S'), c.hash);
    EXPECT_TRUE(*hasher.Verify(phc, "correct horse")) << phc;
    EXPECT_FALSE(*hasher.Verify(phc, "correct horsE")) << phc;
  }
  const std::string mine = *hasher.Hash("mot de passe 🦊");
  EXPECT_EQ(argon2id_verify(mine.c_str(), "mot de passe 🦊",
                            std::string("mot de passe 🦊").size()),
            ARGON2_OK);
  EXPECT_EQ(argon2id_verify(mine.c_str(), "autre", 5), ARGON2_VERIFY_MISMATCH);
  // The default parameters (19 MiB) use the thread's own matrix.
  PasswordHasher defaults{Argon2Config{}};
  const std::string standard = *defaults.Hash("tournesol");
  EXPECT_EQ(argon2id_verify(standard.c_str(), "tournesol", 9), ARGON2_OK);
  EXPECT_TRUE(*defaults.Verify(
      Libargon2Phc(2, 19456, 1, "tournesol", std::string(16, 's'), 32),
      "tournesol"));
  // A stored hash needing more memory than the matrix still verifies.
  EXPECT_TRUE(*hasher.Verify(
      Libargon2Phc(1, 16384, 1, "grand", std::string(16, 'g'), 32), "grand"));
}

// The keyed digest (computed by libsodium) is libargon2's raw Argon2id of
// the value and the salt: digests stored before still match.
TEST(PasswordHasherTest, KeyedDigestIsArgon2idRaw) {
  const std::string salt = "0123456789abcdef";
  std::string expected(32, '\0');
  ASSERT_EQ(argon2id_hash_raw(1, 8192, 1, "1234567890", 10, salt.data(), 16,
                              expected.data(), 32),
            ARGON2_OK);
  for (Argon2Library library :
       {Argon2Library::kFastestHere, Argon2Library::kLibsodium,
        Argon2Library::kLibargon2}) {
    PasswordHasher hasher(FastArgon2(), library);
    EXPECT_EQ(*hasher.KeyedDigest(salt, "1234567890"), expected);
  }
}

// What libargon2's decoder refuses, Verify refuses (false, not an error),
// and the other way round: padding, a length of 1 modulo 4, bits left
// over, a field after the hash, a salt or hash too short.
TEST(PasswordHasherTest, MalformedPhcRefusedAsLibargon2RefusesIt) {
  PasswordHasher hasher(FastArgon2());
  const std::string good =
      Libargon2Phc(1, 8192, 1, "x", std::string(16, 'A'), 32);
  const size_t last = good.rfind('$');
  const std::string head = good.substr(0, last + 1);
  const std::string hash = good.substr(last + 1);
  for (const std::string& phc :
       {head + hash + "=", head + hash + "A", head + hash.substr(0, 42) + "B",
        head + hash + "$data",
        good.substr(0, head.rfind('$', last - 1)) + "$QUFBQUFBQQ$" +
            hash,          // 7-byte salt
        head + "QUFB"}) {  // 3-byte hash
    EXPECT_NE(argon2id_verify(phc.c_str(), "x", 1), ARGON2_OK) << phc;
    StatusOr<bool> r = hasher.Verify(phc, "x");
    ASSERT_TRUE(r.ok()) << phc;
    EXPECT_FALSE(*r) << phc;
  }
  EXPECT_TRUE(*hasher.Verify(good, "x"));
}

TEST(PasswordHasherMalformed, MalformedStoredHashIsFalseNotAnError) {
  Argon2Config c;
  c.memory_kib = 8192;
  c.iterations = 1;
  PasswordHasher hasher(c);
  StatusOr<bool> r = hasher.Verify("$argon2id$v=19$m=garbage", "password");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(*r);
}

}  // namespace
}  // namespace sesame::crypto
