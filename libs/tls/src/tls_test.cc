#include "contactcenter/tls/tls.h"

#include <fstream>

#include "contactcenter/testing/test_certificates.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::tls {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(TlsConfigTest, WithoutFilesOrThePlaintextFlagEveryMissingFlagIsNamed) {
  std::vector<std::string> problems;
  LoadConfig(false, "", "", "", false, &problems);
  EXPECT_THAT(problems,
              ElementsAre(AllOf(HasSubstr("--tls_cert, --tls_key, --tls_ca"),
                                HasSubstr("--insecure_plaintext_for_tests_only"))));
}

TEST(TlsConfigTest, PlaintextOnlyByNameAndNotMixedWithCertificates) {
  std::vector<std::string> problems;
  Config c = LoadConfig(true, "", "", "", false, &problems);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_TRUE(c.plaintext_for_tests_only);

  LoadConfig(true, "/x/ca.crt", "", "", false, &problems);
  EXPECT_THAT(problems, ElementsAre(HasSubstr("exclude each other")));
}

TEST(TlsConfigTest, ReadsTheFilesAndNamesTheOnesItCannotRead) {
  auto certs = testing::TestCertificates::CreateOrDie({"intake"});
  std::vector<std::string> problems;
  Config c = LoadConfig(false, certs->ca_file(), certs->cert_file("intake"),
                        certs->key_file("intake"), true, &problems);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_FALSE(c.plaintext_for_tests_only);
  EXPECT_TRUE(c.require_client_cert);
  EXPECT_THAT(c.certificates.ca_pem, HasSubstr("-----BEGIN CERTIFICATE-----"));
  EXPECT_THAT(c.certificates.cert_pem, HasSubstr("-----BEGIN CERTIFICATE-----"));
  EXPECT_THAT(c.certificates.key_pem, HasSubstr("PRIVATE KEY-----"));

  const std::string not_pem = certs->dir() + "/not.pem";
  std::ofstream(not_pem) << "hello\n";
  problems.clear();
  LoadConfig(false, not_pem, certs->cert_file("intake"), certs->dir() + "/missing.key", false,
             &problems);
  EXPECT_THAT(problems, ElementsAre(HasSubstr("--tls_ca=" + not_pem + ": not a PEM file"),
                                    HasSubstr("--tls_key=" + certs->dir() +
                                              "/missing.key: cannot read the file")));
}

TEST(TlsConfigTest, ACertificateNeedsItsKey) {
  auto certs = testing::TestCertificates::CreateOrDie({"intake"});
  std::vector<std::string> problems;
  LoadCertificates(certs->ca_file(), certs->cert_file("intake"), "", &problems);
  EXPECT_THAT(problems, ElementsAre(HasSubstr("--tls_cert and --tls_key")));
}

TEST(TlsConfigTest, AnotherPartysServerNeedsItsCaAndNamesItsOwnFlags) {
  std::vector<std::string> problems;
  LoadPartyChannelConfig("gcc_tls", "gcc_insecure_plaintext_for_tests_only", false, "", "", "",
                         &problems);
  EXPECT_THAT(problems, ElementsAre(AllOf(HasSubstr("--gcc_tls_ca (GCC_TLS_CA) is required"),
                                          HasSubstr("--gcc_insecure_plaintext_for_tests_only"))));

  auto certs = testing::TestCertificates::CreateOrDie({"exchange"});
  problems.clear();
  Config c = LoadPartyChannelConfig("gcc_tls", "gcc_insecure_plaintext_for_tests_only", false,
                                    certs->ca_file(), "", "", &problems);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_FALSE(c.plaintext_for_tests_only);
  EXPECT_THAT(c.certificates.ca_pem, HasSubstr("-----BEGIN CERTIFICATE-----"));
  EXPECT_THAT(c.certificates.cert_pem, IsEmpty());

  LoadPartyChannelConfig("gcc_tls", "gcc_insecure_plaintext_for_tests_only", false,
                         certs->ca_file(), certs->cert_file("exchange"), "", &problems);
  EXPECT_THAT(problems, ElementsAre(HasSubstr("--gcc_tls_cert and --gcc_tls_key")));

  problems.clear();
  c = LoadPartyChannelConfig("gcc_tls", "gcc_insecure_plaintext_for_tests_only", true,
                             certs->ca_file(), "", "", &problems);
  EXPECT_TRUE(c.plaintext_for_tests_only);
  EXPECT_THAT(problems, ElementsAre(HasSubstr("exclude each other")));
}

}  // namespace
}  // namespace contactcenter::tls
