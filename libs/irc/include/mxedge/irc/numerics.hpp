#pragma once
// Numeric replies the worker acts on (RFC 1459/2812, IRCv3 SASL, ircdocs.horse).
// Compare with Message::Numeric().
namespace mxedge::irc::numerics {

// Registration
inline constexpr int kRplWelcome = 1;
inline constexpr int kRplYourHost = 2;
inline constexpr int kRplCreated = 3;
inline constexpr int kRplMyInfo = 4;
inline constexpr int kRplISupport = 5;
inline constexpr int kRplEndOfMotd = 376;
inline constexpr int kErrNoMotd = 422;

// Channel state
inline constexpr int kRplNoTopic = 331;
inline constexpr int kRplTopic = 332;
inline constexpr int kRplTopicWhoTime = 333;
inline constexpr int kRplNamReply = 353;
inline constexpr int kRplEndOfNames = 366;
inline constexpr int kRplChannelModeIs = 324;
inline constexpr int kRplWhoisUser = 311;
inline constexpr int kRplEndOfWhois = 318;
inline constexpr int kRplAway = 301;

// Errors
inline constexpr int kErrNoSuchNick = 401;
inline constexpr int kErrNoSuchChannel = 403;
inline constexpr int kErrCannotSendToChan = 404;
inline constexpr int kErrTooManyChannels = 405;
inline constexpr int kErrTooManyTargets = 407;
inline constexpr int kErrNoTextToSend = 412;
inline constexpr int kErrUnknownCommand = 421;
inline constexpr int kErrNoNicknameGiven = 431;
inline constexpr int kErrErroneousNickname = 432;
inline constexpr int kErrNicknameInUse = 433;
inline constexpr int kErrNickCollision = 436;
inline constexpr int kErrUnavailResource = 437;
inline constexpr int kErrNotOnChannel = 442;
inline constexpr int kErrNotRegistered = 451;
inline constexpr int kErrNeedMoreParams = 461;
inline constexpr int kErrAlreadyRegistered = 462;
inline constexpr int kErrNoPermForHost = 463;
inline constexpr int kErrPasswdMismatch = 464;
inline constexpr int kErrYoureBannedCreep = 465;
inline constexpr int kErrKeySet = 467;
inline constexpr int kErrChannelIsFull = 471;
inline constexpr int kErrUnknownMode = 472;
inline constexpr int kErrInviteOnlyChan = 473;
inline constexpr int kErrBannedFromChan = 474;
inline constexpr int kErrBadChannelKey = 475;
inline constexpr int kErrBadChanMask = 476;
inline constexpr int kErrNeedReggedNick = 477;  // also ERR_NOCHANMODES on some servers
inline constexpr int kErrChanOPrivsNeeded = 482;

// SASL (IRCv3)
inline constexpr int kRplLoggedIn = 900;
inline constexpr int kRplLoggedOut = 901;
inline constexpr int kErrNickLocked = 902;
inline constexpr int kRplSaslSuccess = 903;
inline constexpr int kErrSaslFail = 904;
inline constexpr int kErrSaslTooLong = 905;
inline constexpr int kErrSaslAborted = 906;
inline constexpr int kErrSaslAlready = 907;
inline constexpr int kRplSaslMechs = 908;

// Whether a JOIN failed for a reason the user must be told (471, 473-475, 477, 405, 403).
constexpr bool IsJoinFailure(int numeric) {
  return numeric == kErrChannelIsFull || numeric == kErrInviteOnlyChan ||
         numeric == kErrBannedFromChan || numeric == kErrBadChannelKey ||
         numeric == kErrNeedReggedNick || numeric == kErrTooManyChannels ||
         numeric == kErrNoSuchChannel || numeric == kErrBadChanMask;
}

// Whether the nick we asked for was refused (432, 433, 436, 437).
constexpr bool IsNickRefusal(int numeric) {
  return numeric == kErrErroneousNickname || numeric == kErrNicknameInUse ||
         numeric == kErrNickCollision || numeric == kErrUnavailResource;
}

}  // namespace mxedge::irc::numerics
