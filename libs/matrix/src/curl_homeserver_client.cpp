#include "mxedge/matrix/curl_homeserver_client.hpp"

namespace mxedge::matrix {

struct CurlHomeserverClient::Call {};

bool Versions::Supports(std::string_view version) const {
  for (const std::string& v : versions) {
    if (v == version) {
      return true;
    }
  }
  return false;
}

CurlHomeserverClient::CurlHomeserverClient(http::HttpClient& http,
                                           CurlHomeserverClientOptions options)
    : http_(http), options_(std::move(options)) {}

namespace {
absl::Status NotYet() { return absl::UnimplementedError("homeserver client not built yet"); }
}  // namespace

absl::Status CurlHomeserverClient::Register(const RegisterRequest&) { return NotYet(); }
absl::StatusOr<std::string> CurlHomeserverClient::Join(const JoinRequest&) { return NotYet(); }
absl::Status CurlHomeserverClient::Leave(const LeaveRequest&) { return NotYet(); }
absl::Status CurlHomeserverClient::Invite(const InviteRequest&) { return NotYet(); }
absl::Status CurlHomeserverClient::Kick(const KickRequest&) { return NotYet(); }
absl::StatusOr<std::string> CurlHomeserverClient::Send(const SendRequest&) { return NotYet(); }
absl::StatusOr<std::string> CurlHomeserverClient::SetState(const SetStateRequest&) {
  return NotYet();
}
absl::Status CurlHomeserverClient::SetDisplayName(const ProfileRequest&) { return NotYet(); }
absl::Status CurlHomeserverClient::SetAvatarUrl(const ProfileRequest&) { return NotYet(); }
absl::StatusOr<std::string> CurlHomeserverClient::CreateRoom(const CreateRoomRequest&) {
  return NotYet();
}
absl::StatusOr<ResolvedAlias> CurlHomeserverClient::ResolveAlias(const ResolveAliasRequest&) {
  return NotYet();
}
absl::StatusOr<Event> CurlHomeserverClient::GetEvent(const GetEventRequest&) { return NotYet(); }
absl::StatusOr<std::vector<JoinedMember>> CurlHomeserverClient::GetJoinedMembers(
    const JoinedMembersRequest&) {
  return NotYet();
}
absl::StatusOr<std::string> CurlHomeserverClient::UploadMedia(const UploadMediaRequest&) {
  return NotYet();
}
absl::StatusOr<Media> CurlHomeserverClient::DownloadMedia(const DownloadMediaRequest&) {
  return NotYet();
}
absl::StatusOr<Versions> CurlHomeserverClient::GetVersions(const VersionsRequest&) {
  return NotYet();
}
absl::StatusOr<ForwardResponse> CurlHomeserverClient::Forward(const ForwardRequest&) {
  return NotYet();
}

}  // namespace mxedge::matrix
