// PHOLD with std::priority_queue: the C++ reference that FabricSim's kernel is measured against.
//
// It reproduces, bit for bit, the event sequence of FabricReferenceModels' PHOLD run by the Swift kernel, so that
// the two programs provably do the same work and the ratio of their event rates compares the queues and not the
// models. Everything that decides the sequence is copied from the Swift sources and must stay in step with them:
//   - random stream: Sources/FabricKernel/Random/RandomStream.swift and Xoshiro256StarStar.swift
//     (stream seed = first SplitMix64 output of (seed XOR FNV-1a-64("phold")); xoshiro256** state = the next
//     four SplitMix64 outputs from that; unit = (next >> 11) * 2^-53; index = Lemire's multiply-high with
//     rejection);
//   - model: Sources/FabricReferenceModels/PHOLD/PHOLD.swift (population: event k at entity k mod N after one
//     delay, k = 0..M-1 in order; per event: count, fold (time, entity) into the checksum, draw the delay, then
//     the destination, schedule one event);
//   - order: by time, then by scheduling sequence number, as the kernel runs equal times.
//
// Usage: phold-ref EVENTS SEED [ENTITIES POPULATION MEAN_DELAY_PS]
// Build: g++ -O2 -std=c++17 -o phold-ref phold.cpp   (compare-phold.sh does this)

#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <queue>
#include <vector>

namespace {

struct SplitMix64 {
    uint64_t state;
    uint64_t next() {
        state += 0x9E3779B97F4A7C15ULL;
        uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
};

inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

constexpr uint64_t fnvOffset = 0xCBF29CE484222325ULL;
constexpr uint64_t fnvPrime = 0x00000100000001B3ULL;

uint64_t fnv1a(const char* text) {
    uint64_t hash = fnvOffset;
    for (const unsigned char* p = reinterpret_cast<const unsigned char*>(text); *p != 0; ++p) {
        hash ^= *p;
        hash *= fnvPrime;
    }
    return hash;
}

// One named random stream, derived from the scenario seed exactly as RandomStream.init(seed:name:) does.
class RandomStream {
public:
    RandomStream(uint64_t seed, const char* name) {
        SplitMix64 naming{seed ^ fnv1a(name)};
        SplitMix64 expander{naming.next()};
        for (uint64_t& word : s_) word = expander.next();
    }

    // xoshiro256** (Blackman and Vigna).
    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, 1): the top 53 bits times 2^-53.
    double nextUnit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    // Uniform in [0, bound) by Lemire's method: the high word of a 64x64-bit product, drawing again only when
    // the low word falls in the biased zone.
    uint64_t nextIndex(uint64_t bound) {
        unsigned __int128 product = static_cast<unsigned __int128>(next()) * bound;
        if (static_cast<uint64_t>(product) < bound) {
            const uint64_t threshold = (0 - bound) % bound;
            while (static_cast<uint64_t>(product) < threshold) {
                product = static_cast<unsigned __int128>(next()) * bound;
            }
        }
        return static_cast<uint64_t>(product >> 64);
    }

private:
    uint64_t s_[4];
};

// The same 32-byte layout as the Swift kernel's Event, so that both queues move the same number of bytes.
struct Event {
    int64_t time;       // picoseconds
    uint64_t sequence;  // scheduling order, the tie-break among equal times
    uint32_t target;
    uint32_t kind;
    uint64_t argument;
};

// std::priority_queue is a max-heap: "a comes out after b" is its less-than.
struct RunsLater {
    bool operator()(const Event& a, const Event& b) const {
        if (a.time != b.time) return a.time > b.time;
        return a.sequence > b.sequence;
    }
};

struct PHOLD {
    uint64_t entities;
    double meanPicoseconds;
    int64_t lookahead = 0;
    RandomStream stream;
    std::priority_queue<Event, std::vector<Event>, RunsLater> queue;
    std::vector<uint64_t> handledBy;
    uint64_t checksum = fnvOffset;
    uint64_t nextSequence = 0;
    int64_t now = 0;
    uint64_t processed = 0;

    PHOLD(uint64_t entityCount, uint64_t population, int64_t meanDelayPs, uint64_t seed)
        : entities(entityCount),
          meanPicoseconds(static_cast<double>(meanDelayPs)),
          stream(seed, "phold"),
          handledBy(entityCount, 0) {
        std::vector<Event> storage;
        storage.reserve(population + 1);
        queue = decltype(queue)(RunsLater(), std::move(storage));
        for (uint64_t k = 0; k < population; ++k) schedule(static_cast<uint32_t>(k % entities), nextDelay());
    }

    // Adding one half and truncating rounds to nearest, as in PHOLD.swift (the value is never negative).
    int64_t nextDelay() {
        const double exponential = -meanPicoseconds * std::log(1.0 - stream.nextUnit());
        return lookahead + static_cast<int64_t>(exponential + 0.5);
    }

    void schedule(uint32_t target, int64_t delay) {
        queue.push(Event{now + delay, nextSequence++, target, 0, 0});
    }

    void handle(const Event& event) {
        const uint64_t entity = event.target;
        handledBy[entity] += 1;
        checksum = (checksum ^ static_cast<uint64_t>(event.time)) * fnvPrime;
        checksum = (checksum ^ entity) * fnvPrime;
        const int64_t delay = nextDelay();
        const uint64_t destination = stream.nextIndex(entities);
        schedule(static_cast<uint32_t>(destination), delay);
    }

    void run(uint64_t budget) {
        for (uint64_t i = 0; i < budget && !queue.empty(); ++i) {
            const Event event = queue.top();
            queue.pop();
            now = event.time;
            handle(event);
            ++processed;
        }
    }
};

uint64_t parseCount(const char* text, const char* what) {
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text, &end, 10);
    if (end == text || *end != '\0') {
        std::fprintf(stderr, "phold-ref: %s must be a whole number, got '%s'\n", what, text);
        std::exit(2);
    }
    return value;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3 && argc != 6) {
        std::fprintf(stderr, "usage: %s EVENTS SEED [ENTITIES POPULATION MEAN_DELAY_PS]\n", argv[0]);
        return 2;
    }
    const uint64_t events = parseCount(argv[1], "EVENTS");
    const uint64_t seed = parseCount(argv[2], "SEED");
    uint64_t entities = 1024, population = 10000, meanDelayPs = 1000000;
    if (argc == 6) {
        entities = parseCount(argv[3], "ENTITIES");
        population = parseCount(argv[4], "POPULATION");
        meanDelayPs = parseCount(argv[5], "MEAN_DELAY_PS");
        if (entities == 0) {
            std::fprintf(stderr, "phold-ref: ENTITIES must be at least 1\n");
            return 2;
        }
    }

    PHOLD model(entities, population, static_cast<int64_t>(meanDelayPs), seed);
    // Only the event loop is timed, as in phold-swift.
    const auto start = std::chrono::steady_clock::now();
    model.run(events);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::printf("implementation: C++ std::priority_queue\n");
    std::printf("events: %" PRIu64 "\n", model.processed);
    std::printf("final_time_ps: %" PRId64 "\n", model.now);
    std::printf("checksum: %" PRIx64 "\n", model.checksum);
    std::printf("wall_s: %.6f\n", wall);
    std::printf("events_per_s: %.0f\n", wall > 0 ? static_cast<double>(model.processed) / wall : 0.0);
    return 0;
}
