#include "mxedge/indieweb/micropub_config.hpp"

#include "mxedge/indieweb/url.hpp"

namespace mxedge::indieweb {
namespace {

using nlohmann::json;

std::string StringMember(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::vector<SyndicationTarget> ParseSyndicationTargets(const json& list) {
  std::vector<SyndicationTarget> out;
  if (!list.is_array()) return out;
  for (const json& item : list) {
    if (!item.is_object()) continue;
    SyndicationTarget t;
    t.uid = StringMember(item, "uid");
    if (t.uid.empty()) continue;
    t.name = StringMember(item, "name");
    if (t.name.empty()) t.name = t.uid;
    const auto checked = item.find("checked");
    t.checked = checked != item.end() && checked->is_boolean() && checked->get<bool>();
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> ParseCategories(const json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const json& item : list) {
    if (item.is_string()) {
      out.push_back(item.get<std::string>());
    } else if (item.is_object() && !StringMember(item, "name").empty()) {
      out.push_back(StringMember(item, "name"));
    }
  }
  return out;
}

std::vector<Channel> ParseChannels(const json& list) {
  std::vector<Channel> out;
  if (!list.is_array()) return out;
  for (const json& item : list) {
    if (!item.is_object() || StringMember(item, "uid").empty()) continue;
    Channel c{StringMember(item, "uid"), StringMember(item, "name")};
    if (c.name.empty()) c.name = c.uid;
    out.push_back(std::move(c));
  }
  return out;
}

MicropubConfig ParseMicropubConfig(const json& doc, const std::string& endpoint) {
  MicropubConfig config;
  if (!doc.is_object()) return config;
  const std::string media = StringMember(doc, "media-endpoint");
  if (!media.empty()) {
    auto resolved = ResolveUrl(endpoint, media);
    if (resolved.ok()) config.media_endpoint = *std::move(resolved);
  }
  if (const auto it = doc.find("syndicate-to"); it != doc.end()) {
    config.syndicate_to = ParseSyndicationTargets(*it);
  }
  if (const auto it = doc.find("categories"); it != doc.end()) {
    config.categories = ParseCategories(*it);
  }
  if (const auto it = doc.find("channels"); it != doc.end()) {
    config.channels = ParseChannels(*it);
  }
  if (const auto it = doc.find("q"); it != doc.end() && it->is_array()) {
    for (const json& q : *it) {
      if (q.is_string()) config.queries.push_back(q.get<std::string>());
    }
  }
  if (const auto it = doc.find("post-types"); it != doc.end() && it->is_array()) {
    for (const json& t : *it) {
      if (t.is_object() && !StringMember(t, "type").empty()) {
        config.post_types.push_back(StringMember(t, "type"));
      }
    }
  }
  return config;
}

}  // namespace mxedge::indieweb
