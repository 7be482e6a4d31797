// MSC3079 CBOR codec throughput on a ~100 KB initial /sync body, against baselines measured in
// the same run: libcbor's item API and nlohmann's own CBOR (string keys only). Bytes processed
// are the compact JSON text size for every variant, so MB/s compare the same work.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "libcbor_baseline.hpp"
#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "sync_body.hpp"

namespace mxedge::bench {
namespace {

using msc3079::KeyTable;
using nlohmann::json;

constexpr std::size_t kSyncBodyBytes = 100 * 1024;

struct Fixture {
  json body = MakeInitialSyncBody(kSyncBodyBytes);
  std::size_t json_bytes = body.dump().size();
  std::string int_keys = Encode(KeyTable::V1());
  std::string string_keys = Encode(KeyTable::Empty());

  std::string Encode(const KeyTable& table) const {
    msc3079::CborEncodeOptions options;
    options.key_table = &table;
    absl::StatusOr<std::string> bytes = msc3079::EncodeCbor(body, options);
    if (!bytes.ok()) {
      std::cerr << bytes.status() << "\n";
      std::abort();
    }
    return *bytes;
  }
};

// Every variant must produce the same document, or its timing means nothing.
void Verify(const Fixture& fixture) {
  const bool ours = *msc3079::DecodeCbor(fixture.int_keys) == fixture.body &&
                    *msc3079::DecodeCbor(fixture.string_keys) == fixture.body;
  const bool libcbor =
      LibcborDecode(fixture.int_keys, KeyTable::V1()) == fixture.body &&
      LibcborDecode(LibcborEncode(fixture.body, KeyTable::V1()), KeyTable::V1()) == fixture.body;
  const bool nlohmann = json::from_cbor(json::to_cbor(fixture.body)) == fixture.body &&
                        json::from_cbor(fixture.string_keys) == fixture.body;
  if (!ours || !libcbor || !nlohmann) {
    std::cerr << "codec variants disagree: ours=" << ours << " libcbor=" << libcbor
              << " nlohmann=" << nlohmann << "\n";
    std::abort();
  }
}

const Fixture& Data() {
  static const Fixture* const fixture = [] {
    auto* created = new Fixture();
    Verify(*created);
    return created;
  }();
  return *fixture;
}

void Report(benchmark::State& state, std::size_t wire_bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(Data().json_bytes));
  state.counters["json_bytes"] = static_cast<double>(Data().json_bytes);
  state.counters["wire_bytes"] = static_cast<double>(wire_bytes);
  state.counters["rooms"] = static_cast<double>(Data().body["rooms"]["join"].size());
}

void BM_Encode_Mxedge_IntKeys(benchmark::State& state) {
  msc3079::CborEncodeOptions options;
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(msc3079::EncodeCborTo(Data().body, options, out));
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, out.size());
}
BENCHMARK(BM_Encode_Mxedge_IntKeys);

void BM_Encode_Mxedge_StringKeys(benchmark::State& state) {
  msc3079::CborEncodeOptions options;
  options.key_table = &KeyTable::Empty();
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(msc3079::EncodeCborTo(Data().body, options, out));
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, out.size());
}
BENCHMARK(BM_Encode_Mxedge_StringKeys);

void BM_Encode_Libcbor_IntKeys(benchmark::State& state) {
  std::size_t size = 0;
  for (auto _ : state) {
    std::string out = LibcborEncode(Data().body, KeyTable::V1());
    size = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, size);
}
BENCHMARK(BM_Encode_Libcbor_IntKeys);

void BM_Encode_Nlohmann_StringKeys(benchmark::State& state) {
  std::size_t size = 0;
  for (auto _ : state) {
    std::vector<std::uint8_t> out = json::to_cbor(Data().body);
    size = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, size);
}
BENCHMARK(BM_Encode_Nlohmann_StringKeys);

void BM_Decode_Mxedge_IntKeys(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<json> value = msc3079::DecodeCbor(Data().int_keys);
    if (!value.ok()) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(value->size());
  }
  Report(state, Data().int_keys.size());
}
BENCHMARK(BM_Decode_Mxedge_IntKeys);

void BM_Decode_Mxedge_StringKeys(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<json> value = msc3079::DecodeCbor(Data().string_keys);
    if (!value.ok()) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(value->size());
  }
  Report(state, Data().string_keys.size());
}
BENCHMARK(BM_Decode_Mxedge_StringKeys);

void BM_Decode_Libcbor_IntKeys(benchmark::State& state) {
  for (auto _ : state) {
    json value = LibcborDecode(Data().int_keys, KeyTable::V1());
    if (value.is_null()) {
      state.SkipWithError("libcbor decode failed");
      break;
    }
    benchmark::DoNotOptimize(value.size());
  }
  Report(state, Data().int_keys.size());
}
BENCHMARK(BM_Decode_Libcbor_IntKeys);

void BM_Decode_Nlohmann_StringKeys(benchmark::State& state) {
  for (auto _ : state) {
    json value = json::from_cbor(Data().string_keys);
    benchmark::DoNotOptimize(value.size());
  }
  Report(state, Data().string_keys.size());
}
BENCHMARK(BM_Decode_Nlohmann_StringKeys);

// Plain JSON text, for scale: what the gateway would do without CBOR.
void BM_Reference_JsonDump(benchmark::State& state) {
  std::size_t size = 0;
  for (auto _ : state) {
    std::string text = Data().body.dump();
    size = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  Report(state, size);
}
BENCHMARK(BM_Reference_JsonDump);

void BM_Reference_JsonParse(benchmark::State& state) {
  const std::string text = Data().body.dump();
  for (auto _ : state) {
    json value = json::parse(text);
    benchmark::DoNotOptimize(value.size());
  }
  Report(state, text.size());
}
BENCHMARK(BM_Reference_JsonParse);

}  // namespace
}  // namespace mxedge::bench

BENCHMARK_MAIN();
