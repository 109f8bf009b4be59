#include "core/python_regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace framescope {
namespace {

// Backtracking steps one search may take: far more than any name needs, and a few
// milliseconds for a pattern that would backtrack for ever.
constexpr uint32_t kMatchLimit = 1'000'000;
constexpr uint32_t kDepthLimit = 10'000;

// The few places where Python's syntax means something else to PCRE2: Python's \Z is the end
// of the text, PCRE2's \z (PCRE2's \Z also matches before a final newline); a "[" inside a
// set is a plain character to Python, where PCRE2 would start a POSIX class ("[[:alpha:]]").
std::string as_pcre2(std::string_view pattern) {
    std::string out;
    out.reserve(pattern.size());
    bool in_set = false;
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            out += '\\';
            out += !in_set && pattern[i + 1] == 'Z' ? 'z' : pattern[i + 1];
            ++i;
        } else if (!in_set && c == '[') {
            in_set = true;
            out += c;
            // A "]" first in the set ("[]a]", "[^]a]") is one of its characters.
            if (i + 1 < pattern.size() && pattern[i + 1] == '^')
                out += pattern[++i];
            if (i + 1 < pattern.size() && pattern[i + 1] == ']') {
                out += "\\]";
                ++i;
            }
        } else if (in_set && c == '[') {
            out += "\\[";
        } else {
            in_set &= c != ']';
            out += c;
        }
    }
    return out;
}

} // namespace

struct PythonRegex::Compiled {
    pcre2_code* code = nullptr;
    pcre2_match_context* context = nullptr;
    ~Compiled() {
        pcre2_match_context_free(context);
        pcre2_code_free(code);
    }
};

Result<PythonRegex> PythonRegex::compile(std::string_view pattern, bool ignore_case) {
    std::string translated = as_pcre2(pattern);
    int error = 0;
    PCRE2_SIZE offset = 0;
    // UTF and UCP: \w, \d and case folding over all of Unicode, as Python's str patterns;
    // text that is not valid UTF-8 is searched too, never refused.
    uint32_t options =
        PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | (ignore_case ? PCRE2_CASELESS : 0);
    auto compiled = std::make_shared<Compiled>();
    compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()),
                                   translated.size(), options, &error, &offset, nullptr);
    if (!compiled->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(error, message, sizeof message);
        return Error::plain("invalid regular expression '" + std::string(pattern) +
                            "': " + reinterpret_cast<const char*>(message) + " at " +
                            std::to_string(offset));
    }
    pcre2_jit_compile(compiled->code, PCRE2_JIT_COMPLETE); // the interpreter where JIT is not
    compiled->context = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(compiled->context, kMatchLimit);
    pcre2_set_depth_limit(compiled->context, kDepthLimit);
    PythonRegex regex;
    regex.compiled_ = std::move(compiled);
    return regex;
}

PythonRegex::Match PythonRegex::search(std::string_view text) const {
    // Match data of its own for each search: one pattern is searched from several threads.
    pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
    if (!data)
        return Match::gave_up;
    int result = pcre2_match(compiled_->code, reinterpret_cast<PCRE2_SPTR>(text.data()),
                             text.size(), 0, 0, data, compiled_->context);
    pcre2_match_data_free(data);
    if (result >= 0)
        return Match::yes;
    return result == PCRE2_ERROR_NOMATCH ? Match::no : Match::gave_up;
}

} // namespace framescope
