// Fuzz target for the .pstats loading path: a generic marshal walk, then load_pstats, on
// arbitrary bytes. Besides crashes and sanitizer reports, it aborts when the walk or a profile
// the loader accepts breaks the invariants that the model and the store rely on.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "loaders/marshal_reader.h"
#include "loaders/pstats_loader.h"

namespace framescope {
namespace {

void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

void check_error(const Error& error, std::span<const uint8_t> input) {
    require(!error.message.empty(), "an error says what went wrong");
    require(error.has_offset && error.offset <= input.size(), "an error points into the input");
}

bool is_text(MarshalKind kind) {
    return kind == MarshalKind::Str || kind == MarshalKind::Bytes;
}

// Checks a generic walk as it goes: every object starts in the input and every text lies in
// it, containers open and close in pairs, and complexes and code objects have their shapes.
class CheckingVisitor : public MarshalVisitor {
  public:
    explicit CheckingVisitor(std::span<const uint8_t> input) : input_(input) {}

    void scalar(const MarshalScalar& value) override {
        require(value.offset < input_.size(), "an object starts inside the input");
        if (is_text(value.kind)) {
            const char* begin = reinterpret_cast<const char*>(input_.data());
            require(value.text.data() >= begin &&
                        value.text.data() + value.text.size() <= begin + input_.size(),
                    "a text lies inside the input");
        }
        add_item(value.kind);
    }
    void begin(MarshalKind kind) override {
        add_item(kind);
        open_.push_back({kind, 0, {}});
    }
    void end() override {
        require(!open_.empty(), "a container ends after it begins");
        const Open& top = open_.back();
        const MarshalKind* first = top.first_items;
        require(top.kind != MarshalKind::Complex ||
                    (top.count == 2 && first[0] == MarshalKind::Float &&
                     first[1] == MarshalKind::Float),
                "a complex has two floats");
        require(top.kind != MarshalKind::Code ||
                    (top.count == 3 && is_text(first[0]) && is_text(first[1]) &&
                     first[2] == MarshalKind::Int),
                "a code object has a file, a name and a line");
        require(top.kind != MarshalKind::Dict || top.count % 2 == 0, "a dict has pairs");
        open_.pop_back();
    }
    bool balanced() const { return open_.empty(); }

  private:
    struct Open {
        MarshalKind kind;
        size_t count;
        MarshalKind first_items[3]; // enough for the fixed shapes checked at the end
    };
    std::span<const uint8_t> input_;
    std::vector<Open> open_;

    void add_item(MarshalKind kind) {
        if (open_.empty())
            return;
        Open& top = open_.back();
        if (top.count < std::size(top.first_items))
            top.first_items[top.count] = kind;
        ++top.count;
    }
};

void check_profile(const PstatsProfile& profile) {
    size_t n = profile.function_count;
    require(n > 0 && profile.keys.size() >= n, "functions are the first keys");
    require(profile.prim_calls.size() == n && profile.calls.size() == n &&
                profile.self_s.size() == n && profile.cumulative_s.size() == n,
            "every column has a row per function");
    require(profile.callers_begin.size() == n + 1 &&
                profile.callers_begin.back() == profile.callers.size(),
            "caller ranges cover the callers");
    for (FunctionId f = 0; f < n; ++f)
        require(profile.callers_begin[f] <= profile.callers_begin[f + 1], "caller ranges ascend");
    for (const CallerEdge& edge : profile.callers)
        require(edge.caller < profile.keys.size(), "a caller is a key");
    for (FunctionId f = 0; f < profile.keys.size(); ++f) {
        const FunctionKey& key = profile.keys[f];
        require(key.file < profile.strings.size() && key.name < profile.strings.size(),
                "a key's strings are interned");
        require(function_label(profile, f).size() >= profile.name(f).size(),
                "a function's label shows its name");
    }
    require(profile.sources.size() == 1, "a profile names its one source");
}

} // namespace
} // namespace framescope

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace framescope;
    std::span<const uint8_t> input(data, size);
    const ProfileSource source{"fuzz-input", 0};

    MarshalReader reader(input, source.path);
    CheckingVisitor visitor(input);
    if (reader.visit(visitor))
        require(visitor.balanced() && reader.offset() <= size, "a walk reads one whole object");
    else
        check_error(reader.error(), input);

    Result<PstatsProfile> profile = load_pstats(input, source);
    if (profile)
        check_profile(*profile);
    else
        check_error(profile.error(), input);
    return 0;
}
