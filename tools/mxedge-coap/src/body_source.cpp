#include "body_source.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_cli {
namespace {

std::string Origin(std::string_view spec) {
  if (spec == "-") {
    return "standard input";
  }
  if (!spec.empty() && spec.front() == '@') {
    return common::Cat("file ", spec.substr(1));
  }
  return "-d";
}

}  // namespace

absl::StatusOr<std::string> LoadBodyText(std::string_view spec, std::istream& standard_input) {
  if (spec == "-") {
    std::ostringstream text;
    text << standard_input.rdbuf();
    if (standard_input.bad()) {
      return absl::InvalidArgumentError("cannot read the body from standard input");
    }
    return text.str();
  }
  if (!spec.empty() && spec.front() == '@') {
    const std::string path(spec.substr(1));
    if (path.empty()) {
      return absl::InvalidArgumentError("-d @ needs a file name");
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      return absl::InvalidArgumentError(
          common::Cat("cannot read body file ", path, ": ", std::strerror(errno)));
    }
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  return std::string(spec);
}

absl::StatusOr<nlohmann::json> LoadJsonBody(std::string_view spec, std::istream& standard_input) {
  absl::StatusOr<std::string> text = LoadBodyText(spec, standard_input);
  if (!text.ok()) {
    return text.status();
  }
  try {
    return nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& error) {
    return absl::InvalidArgumentError(
        common::Cat("the body from ", Origin(spec), " is not JSON (byte ", error.byte, ")"));
  } catch (const nlohmann::json::exception&) {
    return absl::InvalidArgumentError(common::Cat("the body from ", Origin(spec), " is not JSON"));
  }
}

}  // namespace mxedge::coap_cli
