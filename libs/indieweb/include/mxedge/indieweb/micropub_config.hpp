#pragma once
// Answers to `q=config`, `q=syndicate-to`, `q=category` and `q=channel`, read leniently: unknown
// members are ignored and members of the wrong type are skipped, as the spec asks clients to
// treat a config they cannot use as empty.
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace mxedge::indieweb {

struct SyndicationTarget {
  std::string uid;
  std::string name;
  bool checked = false;  // extension: pre-selected
};

struct Channel {
  std::string uid;
  std::string name;
};

struct MicropubConfig {
  std::string media_endpoint;  // absolute, resolved against the Micropub endpoint
  std::vector<SyndicationTarget> syndicate_to;
  std::vector<std::string> categories;
  std::vector<Channel> channels;
  std::vector<std::string> queries;     // extension `q`: supported queries
  std::vector<std::string> post_types;  // extension `post-types`: their `type`s
};

// `endpoint` resolves a relative media-endpoint.
MicropubConfig ParseMicropubConfig(const nlohmann::json& doc, const std::string& endpoint);
std::vector<SyndicationTarget> ParseSyndicationTargets(const nlohmann::json& list);
// Strings, or objects with a `name` (some servers send those).
std::vector<std::string> ParseCategories(const nlohmann::json& list);
std::vector<Channel> ParseChannels(const nlohmann::json& list);

}  // namespace mxedge::indieweb
