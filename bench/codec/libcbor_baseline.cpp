#include "libcbor_baseline.hpp"

#include <cbor.h>

#include <cstdint>
#include <cstdlib>

namespace mxedge::bench {
namespace {

using nlohmann::json;

cbor_item_t* BuildUnsigned(std::uint64_t value) {
  if (value <= 0xff) {
    return cbor_build_uint8(static_cast<std::uint8_t>(value));
  }
  if (value <= 0xffff) {
    return cbor_build_uint16(static_cast<std::uint16_t>(value));
  }
  if (value <= 0xffffffffULL) {
    return cbor_build_uint32(static_cast<std::uint32_t>(value));
  }
  return cbor_build_uint64(value);
}

cbor_item_t* BuildNegative(std::uint64_t magnitude) {
  cbor_item_t* item = BuildUnsigned(magnitude);
  cbor_mark_negint(item);
  return item;
}

cbor_item_t* Build(const json& value, const msc3079::KeyTable& table) {
  switch (value.type()) {
    case json::value_t::boolean:
      return cbor_build_bool(value.get<bool>());
    case json::value_t::number_unsigned:
      return BuildUnsigned(value.get<std::uint64_t>());
    case json::value_t::number_integer: {
      const auto number = value.get<std::int64_t>();
      return number >= 0 ? BuildUnsigned(static_cast<std::uint64_t>(number))
                         : BuildNegative(~static_cast<std::uint64_t>(number));
    }
    case json::value_t::number_float:
      return cbor_build_float8(value.get<double>());
    case json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      return cbor_build_stringn(text.data(), text.size());
    }
    case json::value_t::array: {
      cbor_item_t* array = cbor_new_definite_array(value.size());
      for (const json& element : value) {
        cbor_array_push(array, cbor_move(Build(element, table)));
      }
      return array;
    }
    case json::value_t::object: {
      cbor_item_t* map = cbor_new_definite_map(value.size());
      for (const auto& [key, member] : value.get_ref<const json::object_t&>()) {
        const auto id = table.IdOf(key);
        cbor_item_t* key_item =
            id ? BuildUnsigned(*id) : cbor_build_stringn(key.data(), key.size());
        cbor_map_add(
            map, cbor_pair{.key = cbor_move(key_item), .value = cbor_move(Build(member, table))});
      }
      return map;
    }
    default:
      return cbor_new_null();
  }
}

json Convert(const cbor_item_t* item, const msc3079::KeyTable& table) {
  switch (cbor_typeof(item)) {
    case CBOR_TYPE_UINT:
      return static_cast<std::uint64_t>(cbor_get_int(item));
    case CBOR_TYPE_NEGINT:
      return -1 - static_cast<std::int64_t>(cbor_get_int(item));
    case CBOR_TYPE_STRING:
      return std::string(reinterpret_cast<const char*>(cbor_string_handle(item)),
                         cbor_string_length(item));
    case CBOR_TYPE_ARRAY: {
      json array = json::array();
      auto& elements = array.get_ref<json::array_t&>();
      elements.reserve(cbor_array_size(item));
      for (std::size_t i = 0; i < cbor_array_size(item); ++i) {
        elements.push_back(Convert(cbor_array_handle(item)[i], table));
      }
      return array;
    }
    case CBOR_TYPE_MAP: {
      json object = json::object();
      auto& members = object.get_ref<json::object_t&>();
      for (std::size_t i = 0; i < cbor_map_size(item); ++i) {
        const cbor_pair& pair = cbor_map_handle(item)[i];
        std::string key;
        if (cbor_isa_uint(pair.key)) {
          const auto id = cbor_get_int(pair.key);
          const auto name = table.NameOf(id);
          key = name ? std::string(*name) : std::to_string(id);
        } else if (cbor_isa_string(pair.key)) {
          key.assign(reinterpret_cast<const char*>(cbor_string_handle(pair.key)),
                     cbor_string_length(pair.key));
        }
        members.insert_or_assign(std::move(key), Convert(pair.value, table));
      }
      return object;
    }
    case CBOR_TYPE_FLOAT_CTRL:
      if (cbor_float_ctrl_is_ctrl(item)) {
        return cbor_is_bool(item) ? json(cbor_get_bool(item)) : json(nullptr);
      }
      return cbor_float_get_float(item);
    default:
      return nullptr;
  }
}

}  // namespace

std::string LibcborEncode(const nlohmann::json& value, const msc3079::KeyTable& table) {
  cbor_item_t* item = Build(value, table);
  unsigned char* buffer = nullptr;
  std::size_t capacity = 0;
  const std::size_t length = cbor_serialize_alloc(item, &buffer, &capacity);
  std::string out(reinterpret_cast<const char*>(buffer), length);
  std::free(buffer);
  cbor_decref(&item);
  return out;
}

nlohmann::json LibcborDecode(std::string_view bytes, const msc3079::KeyTable& table) {
  cbor_load_result result;
  cbor_item_t* item =
      cbor_load(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), &result);
  if (item == nullptr) {
    return nullptr;
  }
  json value = Convert(item, table);
  cbor_decref(&item);
  return value;
}

}  // namespace mxedge::bench
