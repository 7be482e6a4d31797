#include "mxedge/bridge/edit_correction.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

TEST(RenderEditTest, SubstitutionOfOneWord) {
  EXPECT_EQ(RenderEdit("I really like cats a lot", "I really like dogs a lot"), "s/cats/dogs/");
}

TEST(RenderEditTest, SubstitutionOfSeveralWords) {
  EXPECT_EQ(
      RenderEdit("meet me at the station at noon today", "meet me at the old mill at noon today"),
      "s/station/old mill/");
}

TEST(RenderEditTest, InsertionAtTheEndAndInside) {
  EXPECT_EQ(RenderEdit("I went home after the meeting", "I went home after the meeting early"),
            "* early");
  EXPECT_EQ(RenderEdit("the build is green again now", "the build is finally green again now"),
            "* finally");
}

TEST(RenderEditTest, DeletionIsASubstitutionWithNothing) {
  EXPECT_EQ(RenderEdit("please do not merge this branch yet", "please merge this branch yet"),
            "s/do not//");
}

TEST(RenderEditTest, WholeNewTextWhenNotTerse) {
  // The correction would not be shorter than the text.
  EXPECT_EQ(RenderEdit("teh cat", "the cat"), "the cat");
  // The removed run is ambiguous.
  EXPECT_EQ(RenderEdit("a cat and a cat and more words", "a cat and a dog and more words"),
            "a cat and a dog and more words");
  // Line breaks.
  EXPECT_EQ(RenderEdit("one\ntwo three four five", "one\ntwo three four six"),
            "one\ntwo three four six");
  // Slashes.
  EXPECT_EQ(RenderEdit("see the page at a/b for details", "see the page at a/c for details"),
            "see the page at a/c for details");
  // No change.
  EXPECT_EQ(RenderEdit("same text here", "same text here"), "same text here");
}

}  // namespace
}  // namespace mxedge::bridge
