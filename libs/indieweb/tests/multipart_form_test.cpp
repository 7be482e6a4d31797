#include "mxedge/indieweb/multipart_form.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

TEST(MultipartFormTest, EncodesFieldsAndFiles) {
  MultipartForm form;
  form.AddField("h", "entry");
  form.AddFile("file", MediaFile{"cat \"1\".png", "image/png", std::string("\x89PNG\0\r\n", 7)});
  auto encoded = form.Encode();
  ASSERT_TRUE(encoded.ok());
  const std::string prefix = "multipart/form-data; boundary=";
  ASSERT_TRUE(encoded->content_type.starts_with(prefix));
  const std::string boundary = encoded->content_type.substr(prefix.size());
  const std::string want = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"h\"\r\n\r\nentry\r\n--" +
                           boundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; "
                           "filename=\"cat _1_.png\"\r\nContent-Type: image/png\r\n\r\n" +
                           std::string("\x89PNG\0\r\n", 7) + "\r\n--" + boundary + "--\r\n";
  EXPECT_EQ(encoded->body, want);
}

TEST(MultipartFormTest, DefaultsAndFreshBoundaries) {
  MultipartForm form;
  form.AddFile("file", MediaFile{"", "", "x"});
  auto a = form.Encode();
  auto b = form.Encode();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->content_type, b->content_type);
  EXPECT_NE(a->body.find("filename=\"file\"\r\nContent-Type: application/octet-stream"),
            std::string::npos);
}

}  // namespace
}  // namespace mxedge::indieweb
