// unpickle: the pickle machine's stack, mark stack and memo, for the data opcodes only.
// Containers are shared between the stack and the memo, as Python's objects are, so a list
// memoised before its APPENDS is the same list when fetched again.

#include "loaders/restricted_unpickler.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "core/text_encoding.h"

namespace framescope {

const PickleValue* PickleValue::get(std::string_view key) const {
    if (kind != Kind::dict)
        return nullptr;
    for (size_t i = 0; i + 1 < items->size(); i += 2)
        if ((*items)[i].kind == Kind::text && (*items)[i].text == key)
            return &(*items)[i + 1];
    return nullptr;
}

namespace {

using Kind = PickleValue::Kind;

// A name from the file, fit for a one-line message: control characters as '?', at most 80
// bytes.
std::string shown(std::string text) {
    if (text.size() > 80)
        text = text.substr(0, 77) + "...";
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20)
            c = '?';
    return text;
}

using Items = std::vector<PickleValue>;

PickleValue make(Kind kind) {
    PickleValue v;
    v.kind = kind;
    return v;
}

class Machine {
  public:
    Machine(std::span<const uint8_t> bytes, const std::string& source,
            const std::vector<std::string>& allowed)
        : bytes_(bytes), source_(source), allowed_(allowed) {}

    // A value of `kind`; a container is remembered, so that a pickle whose containers hold
    // each other (a list appended to itself) can be refused and its cycles broken.
    PickleValue make(Kind kind) {
        PickleValue v = framescope::make(kind);
        if (kind == Kind::tuple || kind == Kind::list || kind == Kind::dict ||
            kind == Kind::object) {
            v.items = std::make_shared<Items>();
            containers_.push_back(v.items);
        }
        return v;
    }

    // Whether a container holds itself, through any path: Python allows it, our values are
    // reference counted, and nothing line_profiler writes needs it.
    bool has_cycle() const {
        enum class Mark : uint8_t { open, done };
        std::unordered_map<const Items*, Mark> marks;
        struct Step {
            const Items* items;
            size_t next;
        };
        for (const std::weak_ptr<Items>& weak : containers_) {
            std::shared_ptr<Items> root = weak.lock();
            if (!root || marks.contains(root.get()))
                continue;
            std::vector<Step> path{{root.get(), 0}};
            marks[root.get()] = Mark::open;
            while (!path.empty()) {
                Step& step = path.back();
                if (step.next == step.items->size()) {
                    marks[step.items] = Mark::done;
                    path.pop_back();
                    continue;
                }
                const Items* child = (*step.items)[step.next++].items.get();
                if (!child)
                    continue;
                auto [mark, added] = marks.try_emplace(child, Mark::open);
                if (added)
                    path.push_back({child, 0});
                else if (mark->second == Mark::open)
                    return true;
            }
        }
        return false;
    }

    // Empties every container, so that none keeps another alive: for a refused pickle.
    void break_cycles() {
        for (const std::weak_ptr<Items>& weak : containers_)
            if (std::shared_ptr<Items> items = weak.lock())
                items->clear();
    }

    Result<PickleValue> run() {
        while (at_ < bytes_.size()) {
            op_at_ = at_;
            uint8_t op = bytes_[at_++];
            Status step = execute(op);
            if (!step)
                return step.error();
            if (op == '.') {
                if (stack_.size() != 1 || !marks_.empty())
                    return fail("STOP with " + std::to_string(stack_.size()) +
                                " values on the stack");
                return std::move(stack_.back());
            }
        }
        return Error::at_offset(source_, bytes_.size(), "pickle ends before its STOP opcode");
    }

  private:
    std::span<const uint8_t> bytes_;
    const std::string& source_;
    const std::vector<std::string>& allowed_;
    size_t at_ = 0, op_at_ = 0;
    std::vector<PickleValue> stack_;
    std::vector<size_t> marks_;
    std::unordered_map<uint64_t, PickleValue> memo_;
    std::vector<std::weak_ptr<Items>> containers_;

    Error fail(std::string message) const {
        return Error::at_offset(source_, op_at_, std::move(message));
    }
    Error refuse(uint8_t op) const {
        char name[16];
        std::snprintf(name, sizeof name, "0x%02x", op);
        std::string shown = name;
        if (op >= 0x20 && op < 0x7f)
            shown += std::string(" '") + char(op) + "'";
        return fail("not a line_profiler pickle: opcode " + shown +
                    " is not one this reader allows");
    }

    bool take(size_t n, const uint8_t*& out) {
        if (bytes_.size() - at_ < n)
            return false;
        out = bytes_.data() + at_;
        at_ += n;
        return true;
    }
    Result<uint64_t> unsigned_le(size_t n) {
        const uint8_t* p;
        if (!take(n, p))
            return fail("pickle cut off inside an opcode's argument");
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i)
            v |= uint64_t(p[i]) << (8 * i);
        return v;
    }
    Result<std::string> text_of(size_t length_bytes, bool utf8) {
        Result<uint64_t> n = unsigned_le(length_bytes);
        if (!n)
            return n.error();
        const uint8_t* p;
        if (*n > bytes_.size() - at_ || !take(size_t(*n), p))
            return fail("a string of " + std::to_string(*n) +
                        " bytes runs past the end of the file");
        std::string_view raw(reinterpret_cast<const char*>(p), size_t(*n));
        if (!utf8)
            return decode_text(raw).text; // a Python 2 str: bytes, shown as text
        if (!is_valid_utf8(raw))
            return fail("a string that is not UTF-8");
        return std::string(raw);
    }
    // The top n values, deepest first; they must all be above the topmost mark.
    Result<std::vector<PickleValue>> pop_values(size_t n) {
        if (stack_.size() < n || (!marks_.empty() && stack_.size() - n < marks_.back()))
            return fail("pickle stack underflow");
        std::vector<PickleValue> values(std::make_move_iterator(stack_.end() - long(n)),
                                        std::make_move_iterator(stack_.end()));
        stack_.resize(stack_.size() - n);
        return values;
    }
    // The values above the topmost mark, which goes.
    Result<std::vector<PickleValue>> pop_mark() {
        if (marks_.empty())
            return fail("no MARK for this opcode");
        size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<PickleValue> items(std::make_move_iterator(stack_.begin() + long(mark)),
                                       std::make_move_iterator(stack_.end()));
        stack_.resize(mark);
        return items;
    }
    Result<PickleValue*> top(Kind kind, const char* what) {
        if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back()) ||
            stack_.back().kind != kind)
            return fail(std::string(what));
        return &stack_.back();
    }
    void push(PickleValue v) { stack_.push_back(std::move(v)); }
    Status push_tuple(size_t n) {
        Result<std::vector<PickleValue>> items = pop_values(n);
        if (!items)
            return items.error();
        PickleValue t = make(Kind::tuple);
        *t.items = std::move(items).value();
        push(std::move(t));
        return Ok{};
    }
    Status push_global(std::string module, std::string name) {
        std::string full = module + " " + name;
        if (std::find(allowed_.begin(), allowed_.end(), full) == allowed_.end())
            return fail("not a line_profiler pickle: it names " + shown(module + "." + name) +
                        ", which this reader does not allow");
        PickleValue g = make(Kind::global);
        g.text = std::move(full);
        push(std::move(g));
        return Ok{};
    }
    // NEWOBJ, NEWOBJ_EX, REDUCE: an allowed class with its arguments, kept, not called.
    Status push_object(PickleValue cls, PickleValue args) {
        if (cls.kind != Kind::global)
            return fail("an object of something that is not an allowed class");
        if (args.kind != Kind::tuple)
            return fail("an object's arguments are not a tuple");
        PickleValue obj = make(Kind::object);
        obj.text = cls.text;
        *obj.items = {std::move(args), make(Kind::none)};
        push(std::move(obj));
        return Ok{};
    }
    Status memo_put(uint64_t index) {
        if (stack_.empty())
            return fail("nothing to memoise");
        memo_[index] = stack_.back();
        return Ok{};
    }
    Status memo_get(uint64_t index) {
        auto found = memo_.find(index);
        if (found == memo_.end())
            return fail("memo entry " + std::to_string(index) + " was never stored");
        push(found->second);
        return Ok{};
    }
    Status push_integer(int64_t v) {
        PickleValue i = make(Kind::integer);
        i.integer = v;
        push(std::move(i));
        return Ok{};
    }
    Status push_text(Result<std::string> text) {
        if (!text)
            return text.error();
        PickleValue t = make(Kind::text);
        t.text = std::move(text).value();
        push(std::move(t));
        return Ok{};
    }

    Status execute(uint8_t op);
};

Status Machine::execute(uint8_t op) {
    switch (op) {
    case 0x80: { // PROTO
        Result<uint64_t> v = unsigned_le(1);
        if (!v)
            return v.error();
        if (*v < 2 || *v > 5)
            return fail("pickle protocol " + std::to_string(*v) + " (this reader knows 2 to 5)");
        return Ok{};
    }
    case 0x95: { // FRAME: a length hint for buffered reading
        Result<uint64_t> v = unsigned_le(8);
        if (!v)
            return v.error();
        if (*v > bytes_.size() - at_)
            return fail("a frame of " + std::to_string(*v) +
                        " bytes runs past the end of the file");
        return Ok{};
    }
    case '.': // STOP
        return Ok{};
    case '(':
        marks_.push_back(stack_.size());
        return Ok{};
    case 'N':
        push(make(Kind::none));
        return Ok{};
    case 0x88:
    case 0x89: {
        PickleValue b = make(Kind::boolean);
        b.integer = op == 0x88;
        push(std::move(b));
        return Ok{};
    }
    case 'K':
    case 'M': {
        Result<uint64_t> v = unsigned_le(op == 'K' ? 1 : 2);
        return v ? push_integer(int64_t(*v)) : Status(v.error());
    }
    case 'J': {
        Result<uint64_t> v = unsigned_le(4);
        return v ? push_integer(int32_t(uint32_t(*v))) : Status(v.error());
    }
    case 0x8a: { // LONG1: little-endian two's complement of n bytes
        Result<uint64_t> n = unsigned_le(1);
        if (!n)
            return n.error();
        if (*n > 8)
            return fail("an integer of " + std::to_string(*n) + " bytes (at most 8 are read)");
        Result<uint64_t> v = unsigned_le(size_t(*n));
        if (!v)
            return v.error();
        uint64_t x = *v;
        if (*n > 0 && *n < 8 && (x >> (8 * *n - 1)) & 1)
            x |= ~uint64_t(0) << (8 * *n); // sign-extend
        return push_integer(int64_t(x));
    }
    case 'G': { // BINFLOAT, big-endian
        const uint8_t* p;
        if (!take(8, p))
            return fail("pickle cut off inside an opcode's argument");
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
            bits = bits << 8 | p[i];
        PickleValue f = make(Kind::real);
        std::memcpy(&f.real, &bits, 8);
        push(std::move(f));
        return Ok{};
    }
    case 0x8c:
        return push_text(text_of(1, true));
    case 'X':
        return push_text(text_of(4, true));
    case 0x8d:
        return push_text(text_of(8, true));
    case 'U':
        return push_text(text_of(1, false));
    case 'T':
        return push_text(text_of(4, false));
    case ')':
        return push_tuple(0);
    case 0x85:
    case 0x86:
    case 0x87:
        return push_tuple(size_t(op - 0x84));
    case 't': {
        Result<std::vector<PickleValue>> items = pop_mark();
        if (!items)
            return items.error();
        PickleValue t = make(Kind::tuple);
        *t.items = std::move(items).value();
        push(std::move(t));
        return Ok{};
    }
    case ']':
        push(make(Kind::list));
        return Ok{};
    case '}':
        push(make(Kind::dict));
        return Ok{};
    case 'a':
    case 's': {
        Result<std::vector<PickleValue>> items = pop_values(op == 'a' ? 1 : 2);
        if (!items)
            return items.error();
        Result<PickleValue*> into = top(op == 'a' ? Kind::list : Kind::dict,
                                        op == 'a' ? "APPEND to something that is not a list"
                                                  : "SETITEM on something that is not a dict");
        if (!into)
            return into.error();
        for (PickleValue& v : *items)
            (*into)->items->push_back(std::move(v));
        return Ok{};
    }
    case 'e':
    case 'u': {
        Result<std::vector<PickleValue>> items = pop_mark();
        if (!items)
            return items.error();
        if (op == 'u' && items->size() % 2)
            return fail("SETITEMS with a key and no value");
        Result<PickleValue*> into = top(op == 'e' ? Kind::list : Kind::dict,
                                        op == 'e' ? "APPENDS to something that is not a list"
                                                  : "SETITEMS on something that is not a dict");
        if (!into)
            return into.error();
        for (PickleValue& v : *items)
            (*into)->items->push_back(std::move(v));
        return Ok{};
    }
    case 0x94:
        return memo_put(memo_.size());
    case 'q':
    case 'r': {
        Result<uint64_t> i = unsigned_le(op == 'q' ? 1 : 4);
        return i ? memo_put(*i) : Status(i.error());
    }
    case 'h':
    case 'j': {
        Result<uint64_t> i = unsigned_le(op == 'h' ? 1 : 4);
        return i ? memo_get(*i) : Status(i.error());
    }
    case 'c': { // GLOBAL "module\nname\n"
        std::string parts[2];
        for (std::string& part : parts) {
            const uint8_t* end = static_cast<const uint8_t*>(
                std::memchr(bytes_.data() + at_, '\n', bytes_.size() - at_));
            if (!end)
                return fail("GLOBAL cut off before its newline");
            part.assign(reinterpret_cast<const char*>(bytes_.data() + at_),
                        size_t(end - (bytes_.data() + at_)));
            at_ = size_t(end - bytes_.data()) + 1;
        }
        return push_global(parts[0], parts[1]);
    }
    case 0x93: { // STACK_GLOBAL module name
        Result<std::vector<PickleValue>> v = pop_values(2);
        if (!v)
            return v.error();
        if ((*v)[0].kind != Kind::text || (*v)[1].kind != Kind::text)
            return fail("STACK_GLOBAL of something that is not a name");
        return push_global((*v)[0].text, (*v)[1].text);
    }
    case 0x81:
    case 'R':    // NEWOBJ cls args; REDUCE callable args
    case 0x92: { // NEWOBJ_EX cls args kwargs
        Result<std::vector<PickleValue>> v = pop_values(op == 0x92 ? 3 : 2);
        if (!v)
            return v.error();
        if (op == 0x92 && ((*v)[2].kind != Kind::dict || !(*v)[2].items->empty()))
            return fail("an object made with keyword arguments");
        return push_object(std::move((*v)[0]), std::move((*v)[1]));
    }
    case 'b': { // BUILD obj state
        Result<std::vector<PickleValue>> state = pop_values(1);
        if (!state)
            return state.error();
        Result<PickleValue*> obj = top(Kind::object, "BUILD on something that is not an object");
        if (!obj)
            return obj.error();
        PickleValue& slot = (*(*obj)->items)[1];
        if (slot.kind != Kind::none)
            return fail("BUILD twice on one object");
        slot = std::move(state->front());
        return Ok{};
    }
    default:
        return refuse(op);
    }
}

} // namespace

Result<PickleValue> unpickle(std::span<const uint8_t> bytes, const std::string& source,
                             const std::vector<std::string>& allowed) {
    Machine machine(bytes, source, allowed);
    Result<PickleValue> value = machine.run();
    if (value && machine.has_cycle())
        value = Error::at_offset(source, 0, "a container of the pickle holds itself");
    if (!value)
        machine.break_cycles();
    return value;
}

} // namespace framescope
