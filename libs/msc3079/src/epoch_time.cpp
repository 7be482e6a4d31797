#include "epoch_time.hpp"

#include <cmath>
#include <cstdio>

namespace mxedge::msc3079::internal {
namespace {

constexpr std::int64_t kMinSeconds = -62135596800;  // 0001-01-01T00:00:00Z
constexpr std::int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Days since 1970-01-01 → proleptic Gregorian date (H. Hinnant's civil_from_days).
CivilDate CivilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2);
  return CivilDate{year, month, day};
}

}  // namespace

std::optional<std::string> FormatRfc3339(std::int64_t seconds, std::uint32_t nanos) {
  if (seconds < kMinSeconds || seconds > kMaxSeconds || nanos >= 1000000000u) {
    return std::nullopt;
  }
  std::int64_t days = seconds / 86400;
  std::int64_t second_of_day = seconds % 86400;
  if (second_of_day < 0) {
    second_of_day += 86400;
    --days;
  }
  const CivilDate date = CivilFromDays(days);
  char buffer[48];
  int length = std::snprintf(buffer, sizeof(buffer), "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                             static_cast<long long>(date.year), date.month, date.day,
                             static_cast<long long>(second_of_day / 3600),
                             static_cast<long long>((second_of_day / 60) % 60),
                             static_cast<long long>(second_of_day % 60));
  std::string text(buffer, static_cast<std::size_t>(length));
  if (nanos != 0) {
    length = std::snprintf(buffer, sizeof(buffer), ".%09u", nanos);
    std::string fraction(buffer, static_cast<std::size_t>(length));
    while (fraction.back() == '0') {
      fraction.pop_back();
    }
    text += fraction;
  }
  text += 'Z';
  return text;
}

std::optional<std::string> FormatRfc3339(double seconds) {
  if (!std::isfinite(seconds) || seconds < static_cast<double>(kMinSeconds) ||
      seconds >= static_cast<double>(kMaxSeconds + 1)) {
    return std::nullopt;
  }
  double whole = std::floor(seconds);
  auto nanos = static_cast<std::int64_t>(std::llround((seconds - whole) * 1e9));
  if (nanos >= 1000000000) {
    whole += 1;
    nanos -= 1000000000;
  }
  return FormatRfc3339(static_cast<std::int64_t>(whole), static_cast<std::uint32_t>(nanos));
}

}  // namespace mxedge::msc3079::internal
