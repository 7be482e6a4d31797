#pragma once
// Declarative config loading: a service declares each key against a field of its own
// `struct Config`, then loads defaults < YAML file (`--config`) < environment.
//
//   struct Config {
//     std::string redis_url = "redis://127.0.0.1:6379";
//     uint16_t port = 8080;
//     std::chrono::milliseconds timeout{30000};
//     std::string hs_token;
//   };
//   ConfigSchema<Config> schema;
//   schema.String("redis.url", &Config::redis_url, "Redis address.")
//       .Int("http.port", &Config::port, 1, 65535, "Listen port.")
//       .Duration("homeserver.timeout", &Config::timeout, "Per-request timeout.")
//       .Secret("hs_token", &Config::hs_token, "Token the homeserver sends.").Required();
//   Config config;
//   absl::Status s = schema.Load(config, {.file_path = path}, ProcessEnvironment());
//
// Keys are dotted snake_case paths; nested YAML mappings spell the dots ("redis:\n  url: x").
// Each key's environment variable is MXEDGE_ + the path upper-cased with '.' → '_'
// (`redis.url` → MXEDGE_REDIS_URL). Secrets come only from MXEDGE_X or from the file named by
// MXEDGE_X_FILE (one trailing newline dropped), never from the YAML file. Unknown keys at any
// depth, duplicate keys, mistyped and out-of-range values are errors naming the key, the source
// (file:line:col or the env variable) and what was expected; all errors are reported together
// in one kInvalidArgument status, and `config` is left untouched unless loading succeeds.
//
// Value forms (file and environment alike): integers in decimal; bools true/false (any case) or
// 1/0 (not yes/no); durations as an integer plus ms|s|m|h (a bare number is rejected); string
// lists as a YAML sequence or, in the environment, comma-separated.
//
// A list of mappings (e.g. IRC networks) is declared with List(): each element is loaded by a
// ConfigSchema<Item> and must carry a unique string id (`id_key`). Lists come from the file only
// (the file replaces the default list); each element's keys can be overridden from the
// environment as MXEDGE_<LIST>_<ID>_<KEY> (`irc.networks`, id "libera", `password` →
// MXEDGE_IRC_NETWORKS_LIBERA_PASSWORD), which is also how element secrets are given.
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "mxedge/common/check.hpp"
#include "mxedge/common/config_schema_core.hpp"
#include "mxedge/common/environment.hpp"

namespace mxedge::common {

// Declared once at startup, then used read-only (Load and Describe are const and thread-safe).
// Copies of a schema share one key list.
template <typename Config>
class ConfigSchema {
 public:
  // A field is named by a member pointer (&Config::port) or by an accessor returning a reference
  // ([](Config& c) -> auto& { return c.redis.url; }).
  template <typename T>
  using Accessor = std::function<T&(Config&)>;

  ConfigSchema() : core_(std::make_shared<internal::ConfigSchemaCore>()) {}

  template <typename F>
  ConfigSchema& String(std::string path, F field, std::string description) {
    return Scalar<std::string>(internal::ConfigKind::kString, std::move(path),
                               Field<std::string>(field), std::move(description),
                               [](internal::ConfigKeySpec&) {});
  }

  // Any integral field type (int, uint16_t, int64_t, ...); [min, max] must fit in it.
  template <typename F>
  ConfigSchema& Int(std::string path, F field, int64_t min, int64_t max, std::string description) {
    return IntImpl(std::move(path), std::move(field), min, max, std::move(description));
  }

  template <typename F>
  ConfigSchema& Bool(std::string path, F field, std::string description) {
    return Scalar<bool>(internal::ConfigKind::kBool, std::move(path), Field<bool>(field),
                        std::move(description), [](internal::ConfigKeySpec&) {});
  }

  template <typename F>
  ConfigSchema& Double(std::string path, F field, double min, double max, std::string description) {
    return Scalar<double>(internal::ConfigKind::kDouble, std::move(path), Field<double>(field),
                          std::move(description), [min, max](internal::ConfigKeySpec& spec) {
                            spec.double_min = min;
                            spec.double_max = max;
                          });
  }

  template <typename F>
  ConfigSchema& Duration(std::string path, F field, std::string description,
                         std::chrono::milliseconds min = std::chrono::milliseconds(0),
                         std::chrono::milliseconds max = std::chrono::hours(24 * 365)) {
    return Scalar<std::chrono::milliseconds>(
        internal::ConfigKind::kDuration, std::move(path), Field<std::chrono::milliseconds>(field),
        std::move(description), [min, max](internal::ConfigKeySpec& spec) {
          spec.duration_min = min;
          spec.duration_max = max;
        });
  }

  template <typename F>
  ConfigSchema& Enum(std::string path, F field, std::vector<std::string> allowed,
                     std::string description) {
    return Scalar<std::string>(
        internal::ConfigKind::kEnum, std::move(path), Field<std::string>(field),
        std::move(description),
        [allowed = std::move(allowed)](internal::ConfigKeySpec& spec) { spec.allowed = allowed; });
  }

  template <typename F>
  ConfigSchema& StringList(std::string path, F field, std::string description) {
    return Scalar<std::vector<std::string>>(
        internal::ConfigKind::kStringList, std::move(path), Field<std::vector<std::string>>(field),
        std::move(description), [](internal::ConfigKeySpec&) {});
  }

  // Only from MXEDGE_X or the file named by MXEDGE_X_FILE; never printed.
  template <typename F>
  ConfigSchema& Secret(std::string path, F field, std::string description) {
    return Scalar<std::string>(internal::ConfigKind::kSecret, std::move(path),
                               Field<std::string>(field), std::move(description),
                               [](internal::ConfigKeySpec&) {});
  }

  // A list of mappings, each loaded with `item_schema`; `id_key` is a String key of the item.
  template <typename Item, typename F>
  ConfigSchema& List(std::string path, F field, const ConfigSchema<Item>& item_schema,
                     std::string id_key, std::string description) {
    Accessor<std::vector<Item>> get = Field<std::vector<Item>>(field);
    internal::ConfigKeySpec spec;
    spec.path = std::move(path);
    spec.kind = internal::ConfigKind::kList;
    spec.description = std::move(description);
    spec.read = [](const void*) { return internal::ConfigValue(std::string()); };
    spec.item_schema = item_schema.core();
    spec.id_key = std::move(id_key);
    spec.clear_items = [get](void* c) { get(*static_cast<Config*>(c)).clear(); };
    spec.append_item = [get](void* c) -> void* {
      return &get(*static_cast<Config*>(c)).emplace_back();
    };
    spec.default_item = std::make_shared<const Item>();
    core_->Add(std::move(spec));
    return *this;
  }

  // Marks the key added last as required: it must come from the file or the environment.
  ConfigSchema& Required() {
    core_->MarkLastRequired();
    return *this;
  }

  // Loads into `config`, which holds the defaults on entry. On error `config` is unchanged (the
  // load works on a copy, so Config must be copyable).
  absl::Status Load(Config& config, const ConfigSource& source, const EnvLookup& env) const {
    Config candidate = config;
    absl::Status status = core_->Load(&candidate, source, env);
    if (status.ok()) {
      config = std::move(candidate);
    }
    return status;
  }

  // Every key with its type, default (from a default-constructed Config), environment variable
  // and description, one entry per key, for --help.
  std::string Describe() const {
    const Config defaults{};
    return core_->Describe(&defaults);
  }

  std::shared_ptr<const internal::ConfigSchemaCore> core() const { return core_; }

 private:
  template <typename T, typename F>
  static Accessor<T> Field(F field) {
    if constexpr (std::is_member_object_pointer_v<F>) {
      return [field](Config& c) -> T& { return c.*field; };
    } else {
      return Accessor<T>(std::move(field));
    }
  }

  template <typename T, typename Customize>
  ConfigSchema& Scalar(internal::ConfigKind kind, std::string path, Accessor<T> get,
                       std::string description, Customize customize) {
    internal::ConfigKeySpec spec;
    spec.path = std::move(path);
    spec.kind = kind;
    spec.description = std::move(description);
    spec.assign = [get](void* c, internal::ConfigValue v) {
      get(*static_cast<Config*>(c)) = std::get<T>(std::move(v));
    };
    spec.read = [get](const void* c) {
      return internal::ConfigValue(get(*const_cast<Config*>(static_cast<const Config*>(c))));
    };
    customize(spec);
    core_->Add(std::move(spec));
    return *this;
  }

  template <typename F>
  ConfigSchema& IntImpl(std::string path, F field, int64_t min, int64_t max,
                        std::string description) {
    if constexpr (std::is_member_object_pointer_v<F>) {
      using T = std::remove_cvref_t<decltype(std::declval<Config&>().*field)>;
      return IntTyped<T>(std::move(path), Field<T>(field), min, max, std::move(description));
    } else {
      using T = std::remove_cvref_t<std::invoke_result_t<F, Config&>>;
      return IntTyped<T>(std::move(path), Field<T>(field), min, max, std::move(description));
    }
  }

  template <typename T>
  ConfigSchema& IntTyped(std::string path, Accessor<T> get, int64_t min, int64_t max,
                         std::string description) {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>, "Int() needs an integer");
    if constexpr (std::is_signed_v<T>) {
      MXEDGE_CHECK(min >= std::numeric_limits<T>::min() && max <= std::numeric_limits<T>::max());
    } else {
      MXEDGE_CHECK(min >= 0 && static_cast<uint64_t>(max) <= std::numeric_limits<T>::max());
    }
    internal::ConfigKeySpec spec;
    spec.path = std::move(path);
    spec.kind = internal::ConfigKind::kInt;
    spec.description = std::move(description);
    spec.int_min = min;
    spec.int_max = max;
    spec.assign = [get](void* c, internal::ConfigValue v) {
      get(*static_cast<Config*>(c)) = static_cast<T>(std::get<int64_t>(v));
    };
    spec.read = [get](const void* c) {
      return internal::ConfigValue(
          static_cast<int64_t>(get(*const_cast<Config*>(static_cast<const Config*>(c)))));
    };
    core_->Add(std::move(spec));
    return *this;
  }

  std::shared_ptr<internal::ConfigSchemaCore> core_;
};

// A service's cross-key checks collect every problem, then report them together: OK when
// `errors` is empty, else one InvalidArgumentError "invalid config: <first>; <second>; …".
inline absl::Status ConfigErrorsStatus(const std::vector<std::string>& errors) {
  if (errors.empty()) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat("invalid config: ", absl::StrJoin(errors, "; ")));
}

// Loads a Config (defaults < file < environment) with `schema`, then checks it with `validate`,
// a callable `absl::Status(const Config&)`; the first failure is the result.
template <typename Config, typename Validate>
absl::StatusOr<Config> LoadValidatedConfig(const ConfigSchema<Config>& schema,
                                           const ConfigSource& source, const EnvLookup& env,
                                           const Validate& validate) {
  Config config;
  if (absl::Status s = schema.Load(config, source, env); !s.ok()) {
    return s;
  }
  if (absl::Status s = validate(config); !s.ok()) {
    return s;
  }
  return config;
}

}  // namespace mxedge::common
