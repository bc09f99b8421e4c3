// Java .properties syntax: separators, comments, continuations, escapes, round trips.
#include "config/properties_file.h"

#include <gtest/gtest.h>

namespace gregor::config {
namespace {

property_list parse(std::string_view text) { return parse_properties(text).value(); }

TEST(PropertiesFile, AllSeparatorForms) {
  auto p = parse("a=1\nb: 2\nc 3\nd\t=\t4\n  e  :  5  \nf\n");
  ASSERT_EQ(p.size(), 6u);
  EXPECT_EQ(p[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(p[1].second, "2");
  EXPECT_EQ(p[2].second, "3");
  EXPECT_EQ(p[3].second, "4");
  EXPECT_EQ(p[4], (std::pair<std::string, std::string>{"e", "5  "}));
  EXPECT_EQ(p[5], (std::pair<std::string, std::string>{"f", ""}));
}

TEST(PropertiesFile, CommentsAndBlankLines) {
  auto p = parse("# hash\n! bang\n   # indented\n\n   \nk=v # not a comment\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].second, "v # not a comment");
}

TEST(PropertiesFile, ValueMayContainSeparators) {
  auto p = parse("listeners=PLAINTEXT://127.0.0.1:9092\nx==y\n");
  EXPECT_EQ(p[0].second, "PLAINTEXT://127.0.0.1:9092");
  EXPECT_EQ(p[1].second, "=y");
}

TEST(PropertiesFile, LineContinuation) {
  auto p = parse("log.dirs=/a,\\\n    /b,\\\n  /c\nnext=1");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].second, "/a,/b,/c");
  EXPECT_EQ(p[1].second, "1");
}

TEST(PropertiesFile, EvenBackslashesDoNotContinue) {
  auto p = parse("path=c:\\\\\nnext=1\n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].second, "c:\\");
}

TEST(PropertiesFile, ContinuedLineStartingWithHashIsValue) {
  auto p = parse("k=a\\\n  #b\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].second, "a#b");
}

TEST(PropertiesFile, CommentLinesDoNotContinue) {
  auto p = parse("# comment \\\nk=v\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].first, "k");
}

TEST(PropertiesFile, CrLfAndCrLineEndings) {
  auto p = parse("a=1\r\nb=2\rc=3");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[2].second, "3");
}

TEST(PropertiesFile, Escapes) {
  auto p = parse("my\\ key\\=x = tab\\there\\nnl \\u00e9\\u20AC \\q\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].first, "my key=x");
  EXPECT_EQ(p[0].second, "tab\there\nnl \xC3\xA9\xE2\x82\xAC q");
}

TEST(PropertiesFile, SurrogatePairBecomesOneCodePoint) {
  auto p = parse("k=\\uD83D\\uDE00");
  EXPECT_EQ(p[0].second, "\xF0\x9F\x98\x80");
}

TEST(PropertiesFile, MalformedUnicodeEscapeFails) {
  EXPECT_FALSE(parse_properties("k=\\u12G4"));
  EXPECT_FALSE(parse_properties("k=\\u12"));
}

TEST(PropertiesFile, DuplicatesKeptInOrder) {
  auto p = parse("a=1\na=2\n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].second, "2");
}

TEST(PropertiesFile, FormatRoundTrips) {
  property_list in{{"plain", "value"},
                   {"odd key=:#!", " leading space, trailing "},
                   {"ctl", "a\tb\nc\\d"},
                   {"empty", ""},
                   {"utf8", "\xC3\xA9"}};
  auto text = format_properties(in, "header");
  EXPECT_EQ(text.rfind("# header\n", 0), 0u);
  EXPECT_EQ(parse(text), in);
}

}  // namespace
}  // namespace gregor::config
