// BAREWire against Cap'n Proto and FlatBuffers (bench/barewire/run.sh):
// encode and decode of three messages (messages.bare), and the
// shared-memory handoff between two processes against memcpy.
//
//   bench SECONDS_PER_CASE            prints one line per case:
//   <lib> <message> <encode|decode> <bytes/message> <ns/message> <MB/s>
//   bench --handoff SECONDS           shared buffer vs memcpy bandwidth
//
// "decode" reads every field (capnp and FlatBuffers read in place;
// BAREWire decodes into a region, strings and data copied, the region
// released per message; FlatBuffers verifies the buffer first, as a reader
// of untrusted input must).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "messages.capnp.h"
#include "messages_generated.h"
#include <capnp/message.h>
#include <capnp/serialize.h>

extern "C" {
#include "barewire.h"
}

static double g_seconds = 0.5;
static volatile uint64_t g_sink;

using Clock = std::chrono::steady_clock;

// Runs f repeatedly for about g_seconds; returns ns per call.
static double timeit(const std::function<void()> &f) {
  for (int k = 0; k < 10; ++k)
    f();
  uint64_t n = 0, batch = 1;
  auto t0 = Clock::now();
  double el = 0;
  while (el < g_seconds) {
    for (uint64_t k = 0; k < batch; ++k)
      f();
    n += batch;
    el = std::chrono::duration<double>(Clock::now() - t0).count();
    if (el < g_seconds / 20)
      batch *= 2;
  }
  return el * 1e9 / (double)n;
}

static void report(const char *lib, const char *msg, const char *op,
                   size_t bytes, double ns) {
  std::printf("%s %s %s %zu %.1f %.1f\n", lib, msg, op, bytes, ns,
              (double)bytes / ns * 1e9 / (1024.0 * 1024.0));
  std::fflush(stdout);
}

struct RichData {
  uint64_t id = 0x1234567890ull;
  std::string name = "Ada Lovelace";
  std::string email = "ada@analytical.engine";
  std::vector<std::string> tags = {"math", "poetry", "engines", "notes",
                                   "bernoulli"};
  std::vector<int32_t> scores;
  RichData() {
    for (int k = 0; k < 32; ++k)
      scores.push_back(k * 37 - 500);
  }
};

static const size_t kBlob = 1 << 20;

/*===--- BAREWire -----------------------------------------------------------*/

static const char kSchema[] =
    "type Small struct { id: u32 x: f64 y: f64 flag: bool }\n"
    "type Rich struct { id: u64 name: str email: str tags: list<str> "
    "scores: list<i32> }\n"
    "type Blob struct { payload: data }\n";

static uint64_t f64bits(double d) {
  uint64_t u;
  std::memcpy(&u, &d, 8);
  return u;
}

static void bench_barewire(const RichData &rd,
                           const std::vector<uint8_t> &blob) {
  clef_region *sr = clef_region_create();
  bw_schema *s = bw_parse_schema(sr, kSchema, sizeof kSchema - 1, nullptr);
  const bw_type *small = bw_schema_lookup(s, "Small");
  const bw_type *rich = bw_schema_lookup(s, "Rich");
  const bw_type *blobt = bw_schema_lookup(s, "Blob");
  std::vector<uint8_t> out(kBlob + 64);

  // Small
  bw_value sf[4], sv;
  sf[0].u = 42;
  sf[1].u = f64bits(1.5);
  sf[2].u = f64bits(-2.25);
  sf[3].u = 1;
  sv.seq.count = 4;
  sv.seq.items = sf;
  int64_t n = 0;
  double ns = timeit(
      [&] { n = bw_encode_into(small, &sv, out.data(), out.size(), nullptr); });
  report("barewire", "small", "encode", (size_t)n, ns);
  std::vector<uint8_t> msg(out.begin(), out.begin() + n);
  ns = timeit([&] {
    clef_region *r = clef_region_create();
    bw_value v;
    bw_decode(r, small, msg.data(), msg.size(), nullptr, &v, nullptr);
    g_sink += v.seq.items[0].u + v.seq.items[1].u + v.seq.items[2].u +
              v.seq.items[3].u;
    clef_region_release(r);
  });
  report("barewire", "small", "decode", msg.size(), ns);

  // Rich
  std::vector<bw_value> tags(rd.tags.size()), scores(rd.scores.size());
  for (size_t k = 0; k < rd.tags.size(); ++k) {
    tags[k].bytes.ptr = (const uint8_t *)rd.tags[k].data();
    tags[k].bytes.len = rd.tags[k].size();
  }
  for (size_t k = 0; k < rd.scores.size(); ++k)
    scores[k].i = rd.scores[k];
  bw_value rf[5], rv;
  rf[0].u = rd.id;
  rf[1].bytes.ptr = (const uint8_t *)rd.name.data();
  rf[1].bytes.len = rd.name.size();
  rf[2].bytes.ptr = (const uint8_t *)rd.email.data();
  rf[2].bytes.len = rd.email.size();
  rf[3].seq.count = tags.size();
  rf[3].seq.items = tags.data();
  rf[4].seq.count = scores.size();
  rf[4].seq.items = scores.data();
  rv.seq.count = 5;
  rv.seq.items = rf;
  ns = timeit(
      [&] { n = bw_encode_into(rich, &rv, out.data(), out.size(), nullptr); });
  report("barewire", "rich", "encode", (size_t)n, ns);
  msg.assign(out.begin(), out.begin() + n);
  ns = timeit([&] {
    clef_region *r = clef_region_create();
    bw_value v;
    bw_decode(r, rich, msg.data(), msg.size(), nullptr, &v, nullptr);
    uint64_t acc =
        v.seq.items[0].u + v.seq.items[1].bytes.len + v.seq.items[2].bytes.len;
    for (uint64_t k = 0; k < v.seq.items[3].seq.count; ++k)
      acc += v.seq.items[3].seq.items[k].bytes.len;
    for (uint64_t k = 0; k < v.seq.items[4].seq.count; ++k)
      acc += (uint64_t)v.seq.items[4].seq.items[k].i;
    g_sink += acc;
    clef_region_release(r);
  });
  report("barewire", "rich", "decode", msg.size(), ns);
  {
    bw_limits borrow = bw_default_limits();
    borrow.borrow = 1;
    ns = timeit([&] {
      clef_region *r = clef_region_create();
      bw_value v;
      bw_decode(r, rich, msg.data(), msg.size(), &borrow, &v, nullptr);
      uint64_t acc = v.seq.items[0].u + v.seq.items[1].bytes.len +
                     v.seq.items[2].bytes.len;
      for (uint64_t k = 0; k < v.seq.items[3].seq.count; ++k)
        acc += v.seq.items[3].seq.items[k].bytes.len;
      for (uint64_t k = 0; k < v.seq.items[4].seq.count; ++k)
        acc += (uint64_t)v.seq.items[4].seq.items[k].i;
      g_sink += acc;
      clef_region_release(r);
    });
    report("barewire-borrow", "rich", "decode", msg.size(), ns);
  }

  // Blob
  bw_value bf, bv;
  bf.bytes.ptr = blob.data();
  bf.bytes.len = blob.size();
  bv.seq.count = 1;
  bv.seq.items = &bf;
  ns = timeit(
      [&] { n = bw_encode_into(blobt, &bv, out.data(), out.size(), nullptr); });
  report("barewire", "blob", "encode", (size_t)n, ns);
  msg.assign(out.begin(), out.begin() + n);
  ns = timeit([&] {
    clef_region *r = clef_region_create();
    bw_value v;
    bw_decode(r, blobt, msg.data(), msg.size(), nullptr, &v, nullptr);
    g_sink += v.seq.items[0].bytes.ptr[kBlob / 2];
    clef_region_release(r);
  });
  report("barewire", "blob", "decode", msg.size(), ns);
  bw_limits borrow = bw_default_limits();
  borrow.borrow = 1;
  ns = timeit([&] {
    clef_region *r = clef_region_create();
    bw_value v;
    bw_decode(r, blobt, msg.data(), msg.size(), &borrow, &v, nullptr);
    g_sink += v.seq.items[0].bytes.ptr[kBlob / 2];
    clef_region_release(r);
  });
  report("barewire-borrow", "blob", "decode", msg.size(), ns);
  clef_region_release(sr);
}

/*===--- Cap'n Proto ------------------------------------------------------===*/

static void bench_capnp(const RichData &rd, const std::vector<uint8_t> &blob) {
  kj::Array<capnp::word> words;
  double ns = timeit([&] {
    capnp::MallocMessageBuilder b;
    auto s = b.initRoot<Small>();
    s.setId(42);
    s.setX(1.5);
    s.setY(-2.25);
    s.setFlag(true);
    words = capnp::messageToFlatArray(b);
  });
  report("capnp", "small", "encode", words.size() * 8, ns);
  ns = timeit([&] {
    capnp::FlatArrayMessageReader r(words.asPtr());
    auto s = r.getRoot<Small>();
    g_sink += s.getId() + (uint64_t)s.getX() + (uint64_t)s.getY() + s.getFlag();
  });
  report("capnp", "small", "decode", words.size() * 8, ns);

  ns = timeit([&] {
    capnp::MallocMessageBuilder b;
    auto s = b.initRoot<Rich>();
    s.setId(rd.id);
    s.setName(rd.name.c_str());
    s.setEmail(rd.email.c_str());
    auto t = s.initTags((unsigned)rd.tags.size());
    for (size_t k = 0; k < rd.tags.size(); ++k)
      t.set((unsigned)k, rd.tags[k].c_str());
    auto sc = s.initScores((unsigned)rd.scores.size());
    for (size_t k = 0; k < rd.scores.size(); ++k)
      sc.set((unsigned)k, rd.scores[k]);
    words = capnp::messageToFlatArray(b);
  });
  report("capnp", "rich", "encode", words.size() * 8, ns);
  ns = timeit([&] {
    capnp::FlatArrayMessageReader r(words.asPtr());
    auto s = r.getRoot<Rich>();
    uint64_t acc = s.getId() + s.getName().size() + s.getEmail().size();
    for (auto t : s.getTags())
      acc += t.size();
    for (auto v : s.getScores())
      acc += (uint64_t)v;
    g_sink += acc;
  });
  report("capnp", "rich", "decode", words.size() * 8, ns);

  capnp::ReaderOptions big;
  big.traversalLimitInWords = 1ull << 30;
  ns = timeit([&] {
    capnp::MallocMessageBuilder b;
    auto s = b.initRoot<Blob>();
    s.setPayload(kj::arrayPtr(blob.data(), blob.size()));
    words = capnp::messageToFlatArray(b);
  });
  report("capnp", "blob", "encode", words.size() * 8, ns);
  ns = timeit([&] {
    capnp::FlatArrayMessageReader r(words.asPtr(), big);
    auto p = r.getRoot<Blob>().getPayload();
    g_sink += p[kBlob / 2] + p.size();
  });
  report("capnp", "blob", "decode", words.size() * 8, ns);
}

/*===--- FlatBuffers --------------------------------------------------------*/

static void bench_flatbuffers(const RichData &rd,
                              const std::vector<uint8_t> &blob) {
  flatbuffers::FlatBufferBuilder fb(1024);
  double ns = timeit([&] {
    fb.Clear();
    fb.Finish(bench::CreateSmall(fb, 42, 1.5, -2.25, true));
  });
  std::vector<uint8_t> msg(fb.GetBufferPointer(),
                           fb.GetBufferPointer() + fb.GetSize());
  report("flatbuffers", "small", "encode", msg.size(), ns);
  ns = timeit([&] {
    flatbuffers::Verifier v(msg.data(), msg.size());
    if (!v.VerifyBuffer<bench::Small>(nullptr))
      std::abort();
    auto s = flatbuffers::GetRoot<bench::Small>(msg.data());
    g_sink += s->id() + (uint64_t)s->x() + (uint64_t)s->y() + s->flag();
  });
  report("flatbuffers", "small", "decode", msg.size(), ns);

  ns = timeit([&] {
    fb.Clear();
    auto name = fb.CreateString(rd.name);
    auto email = fb.CreateString(rd.email);
    auto tags = fb.CreateVectorOfStrings(rd.tags);
    auto scores = fb.CreateVector(rd.scores);
    fb.Finish(bench::CreateRich(fb, rd.id, name, email, tags, scores));
  });
  msg.assign(fb.GetBufferPointer(), fb.GetBufferPointer() + fb.GetSize());
  report("flatbuffers", "rich", "encode", msg.size(), ns);
  ns = timeit([&] {
    flatbuffers::Verifier v(msg.data(), msg.size());
    if (!v.VerifyBuffer<bench::Rich>(nullptr))
      std::abort();
    auto s = flatbuffers::GetRoot<bench::Rich>(msg.data());
    uint64_t acc = s->id() + s->name()->size() + s->email()->size();
    for (auto t : *s->tags())
      acc += t->size();
    for (auto x : *s->scores())
      acc += (uint64_t)x;
    g_sink += acc;
  });
  report("flatbuffers", "rich", "decode", msg.size(), ns);

  flatbuffers::FlatBufferBuilder big(kBlob + 1024);
  ns = timeit([&] {
    big.Clear();
    auto p = big.CreateVector(blob.data(), blob.size());
    big.Finish(bench::CreateBlob(big, p));
  });
  msg.assign(big.GetBufferPointer(), big.GetBufferPointer() + big.GetSize());
  report("flatbuffers", "blob", "encode", msg.size(), ns);
  ns = timeit([&] {
    flatbuffers::Verifier v(msg.data(), msg.size());
    if (!v.VerifyBuffer<bench::Blob>(nullptr))
      std::abort();
    auto p = flatbuffers::GetRoot<bench::Blob>(msg.data())->payload();
    g_sink += (*p)[kBlob / 2] + p->size();
  });
  report("flatbuffers", "blob", "decode", msg.size(), ns);
}

/*===--- Shared-memory handoff -------------------------------------------===*/

// The writer fills a 1 MB record of a shared buffer (under its sequence
// number) and publishes its generation in a header word; the reader, in
// another process, waits for it, reads the record in place (a checksum of
// every byte, no copy) and acknowledges. Bandwidth is payload bytes over
// the time of the whole exchange, against memcpy of the same payload in one
// process.
static void sum_record(const uint8_t *rec, void *ctx) {
  const uint64_t *w = (const uint64_t *)rec;
  uint64_t acc = 0;
  for (size_t k = 0; k < kBlob / 8; ++k)
    acc += w[k];
  *(uint64_t *)ctx = acc;
}

static void bench_handoff() {
  std::vector<uint8_t> src(kBlob), dst(kBlob);
  for (size_t k = 0; k < kBlob; ++k)
    src[k] = (uint8_t)(k * 131);
  double ns = timeit([&] {
    std::memcpy(dst.data(), src.data(), kBlob);
    g_sink += dst[kBlob / 3];
  });
  std::printf("memcpy 1MB %.1f ns %.1f MB/s\n", ns,
              kBlob / ns * 1e9 / 1048576.0);

  char name[64];
  std::snprintf(name, sizeof name, "/clef-barewire-bench-%d", (int)getpid());
  bw_shared *s = bw_shared_create(name, (uint32_t)kBlob, 1);
  if (!s)
    std::abort();
  const uint64_t rounds = (uint64_t)(g_seconds * 2000) + 50;
  pid_t pid = fork();
  if (pid == 0) {
    bw_shared *r = bw_shared_open(name);
    for (uint64_t g = 1; g <= rounds; ++g) {
      while (bw_shared_flag_load(r, 0) != g)
        bw_shared_flag_wait(r, 0, g - 1);
      uint64_t acc = 0;
      bw_shared_read_inplace(r, 0, sum_record, &acc);
      bw_shared_flag_store(r, 2, acc);
      bw_shared_flag_wake(r, 1, g);
    }
    bw_shared_flag_store(r, 3, bw_shared_bytes_copied());
    _exit(0);
  }
  auto t0 = Clock::now();
  for (uint64_t g = 1; g <= rounds; ++g) {
    src[0] = (uint8_t)g;
    bw_shared_write(s, 0, src.data());
    bw_shared_flag_wake(s, 0, g);
    while (bw_shared_flag_load(s, 1) != g)
      bw_shared_flag_wait(s, 1, g - 1);
  }
  double el = std::chrono::duration<double>(Clock::now() - t0).count();
  int st;
  waitpid(pid, &st, 0);
  double per = el * 1e9 / (double)rounds;
  std::printf("handoff 1MB %.1f ns %.1f MB/s (write into the shared buffer, "
              "read in place by the other process; reader copied %llu bytes)\n",
              per, kBlob / per * 1e9 / 1048576.0,
              (unsigned long long)bw_shared_flag_load(s, 3));
  bw_shared_close(s);
}

int main(int argc, char **argv) {
  if (argc >= 3 && !std::strcmp(argv[1], "--handoff")) {
    g_seconds = std::atof(argv[2]);
    bench_handoff();
    return 0;
  }
  if (argc >= 2)
    g_seconds = std::atof(argv[1]);
  RichData rd;
  std::vector<uint8_t> blob(kBlob);
  for (size_t k = 0; k < kBlob; ++k)
    blob[k] = (uint8_t)(k * 7 + 3);
  bench_barewire(rd, blob);
  bench_capnp(rd, blob);
  bench_flatbuffers(rd, blob);
  return 0;
}
