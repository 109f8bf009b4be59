// decode_text: a byte-order mark decides first; then plain ASCII in UTF-16 (every other byte
// zero); then strict UTF-8 validation; what fails it is cp1252. The conversions are the C
// library's iconv; what it cannot convert (invalid UTF-8 after a UTF-8 mark, broken UTF-16)
// becomes U+FFFD, and the five bytes cp1252 leaves undefined keep their latin-1 (C1)
// meaning, as Windows maps them, so the result is always valid UTF-8.

#include "core/text_encoding.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iconv.h>
#include <vector>

#include "core/parallel_tasks.h"

namespace framescope {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD in UTF-8
constexpr std::string_view kReplacement16 = "\xFD\xFF";   // U+FFFD in UTF-16LE

// One conversion through iconv. Where the input cannot be converted, `on_bad` gives what
// stands for the bad bytes and says how many to skip.
template <typename OnBad>
std::string convert(std::string_view bytes, const char* from, const char* to, OnBad on_bad) {
    std::string out;
    iconv_t converter = iconv_open(to, from);
    if (converter == iconv_t(-1)) // every glibc has these; never taken
        return std::string(kReplacement);
    out.resize(bytes.size() * 3 + 16);
    char* in = const_cast<char*>(bytes.data());
    size_t in_left = bytes.size();
    char* write = out.data();
    size_t out_left = out.size();
    while (in_left > 0) {
        if (iconv(converter, &in, &in_left, &write, &out_left) != size_t(-1))
            break;
        if (errno == E2BIG) { // cannot happen with 3 bytes out a byte in; grow all the same
            size_t used = size_t(write - out.data());
            out.resize(out.size() * 2);
            write = out.data() + used;
            out_left = out.size() - used;
            continue;
        }
        // EILSEQ (an invalid sequence) or EINVAL (one cut off by the end).
        std::string stand_in;
        size_t skip = std::min(on_bad(std::string_view(in, in_left), stand_in), in_left);
        if (stand_in.size() > out_left) {
            size_t used = size_t(write - out.data());
            out.resize(out.size() + stand_in.size() + 16);
            write = out.data() + used;
            out_left = out.size() - used;
        }
        write = std::copy(stand_in.begin(), stand_in.end(), write);
        out_left -= stand_in.size();
        in += skip;
        in_left -= skip;
    }
    iconv_close(converter);
    out.resize(size_t(write - out.data()));
    return out;
}

// A bad unit of `width` bytes (a UTF-8 byte, a UTF-16 unit) is U+FFFD, as `replacement`.
auto replace_units(size_t width, std::string_view replacement = kReplacement) {
    return [width, replacement](std::string_view, std::string& stand_in) {
        stand_in = replacement;
        return width;
    };
}

std::string to_utf8(std::string_view bytes, const char* from, auto on_bad) {
    return convert(bytes, from, "UTF-8", on_bad);
}

// glibc's UTF-8 reader takes code points past U+10FFFF; UTF-16 cannot hold them, so text
// goes through it to come out as strictly valid UTF-8.
std::string strict_utf8(std::string_view bytes) {
    std::string utf16 = convert(bytes, "UTF-8", "UTF-16LE", replace_units(1, kReplacement16));
    return to_utf8(utf16, "UTF-16LE", replace_units(2));
}

// cp1252's undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) are their C1 controls.
size_t latin1_byte(std::string_view rest, std::string& stand_in) {
    uint8_t byte = uint8_t(rest[0]);
    stand_in = {char(0xC0 | (byte >> 6)), char(0x80 | (byte & 0x3F))};
    return 1;
}

// Text in UTF-16 without a mark: in its first bytes, the high byte of every unit is zero
// (ASCII and latin-1) for most units, and the low byte never is.
bool looks_like_utf16(std::string_view bytes, bool little_endian) {
    size_t units = std::min<size_t>(bytes.size(), 1024) / 2;
    if (units < 2)
        return false;
    size_t zero_high = 0;
    for (size_t i = 0; i < units; ++i) {
        uint8_t first = uint8_t(bytes[2 * i]), second = uint8_t(bytes[2 * i + 1]);
        uint8_t low = little_endian ? first : second, high = little_endian ? second : first;
        if (low == 0)
            return false;
        zero_high += high == 0;
    }
    return zero_high * 4 >= units * 3;
}

} // namespace

const char* text_encoding_name(TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::utf8:
        return "UTF-8";
    case TextEncoding::utf8_bom:
        return "UTF-8 with BOM";
    case TextEncoding::utf16le:
        return "UTF-16LE";
    case TextEncoding::utf16be:
        return "UTF-16BE";
    case TextEncoding::cp1252:
        return "cp1252";
    }
    return "UTF-8";
}

namespace {

// Whether no byte has its high bit set: blocks of words ORed together, which the compiler
// vectorises, so that a file of tens of megabytes is checked in a few milliseconds.
bool is_ascii_alone(std::string_view text) {
    constexpr size_t kBlock = 4096;
    size_t at = 0;
    for (; at + kBlock <= text.size(); at += kBlock) {
        uint64_t seen = 0;
        for (size_t i = 0; i < kBlock; i += 8) {
            uint64_t word;
            std::memcpy(&word, text.data() + at + i, 8);
            seen |= word;
        }
        if (seen & 0x8080808080808080ull)
            return false;
    }
    return std::all_of(text.begin() + std::ptrdiff_t(at), text.end(),
                       [](char c) { return uint8_t(c) < 0x80; });
}

// The same, a large text in a part a core: every file read is checked before it is parsed,
// and the parsing after it runs on every core.
bool is_ascii(std::string_view text) {
    constexpr size_t kMinPartBytes = 4 << 20;
    size_t parts = std::clamp<size_t>(text.size() / kMinPartBytes, 1, core_count());
    size_t part_bytes = text.size() / parts;
    std::vector<char> ascii(parts);
    run_parallel_tasks(parts, parts, [&](size_t part) {
        ascii[part] = is_ascii_alone(text.substr(
            part * part_bytes, part + 1 == parts ? std::string_view::npos : part_bytes));
    });
    return std::all_of(ascii.begin(), ascii.end(), [](char part) { return part != 0; });
}

} // namespace

bool is_valid_utf8(std::string_view text, bool allow_cut_end) {
    // ASCII, the common case, needs no converter.
    if (is_ascii(text))
        return true;
    iconv_t converter = iconv_open("UTF-16LE", "UTF-8"); // strict: see strict_utf8
    if (converter == iconv_t(-1))
        return false;
    char* in = const_cast<char*>(text.data());
    size_t in_left = text.size();
    bool valid = true;
    char buffer[4096];
    while (in_left > 0) {
        char* write = buffer;
        size_t out_left = sizeof buffer;
        if (iconv(converter, &in, &in_left, &write, &out_left) != size_t(-1))
            break;
        if (errno == E2BIG)
            continue;                             // the buffer is full; the validation goes on
        valid = errno == EINVAL && allow_cut_end; // EINVAL: a sequence cut off by the end
        break;
    }
    iconv_close(converter);
    return valid;
}

TextEncoding detect_text_encoding(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF"))
        return TextEncoding::utf8_bom;
    if (bytes.starts_with("\xFF\xFE"))
        return TextEncoding::utf16le;
    if (bytes.starts_with("\xFE\xFF"))
        return TextEncoding::utf16be;
    if (looks_like_utf16(bytes, true))
        return TextEncoding::utf16le;
    if (looks_like_utf16(bytes, false))
        return TextEncoding::utf16be;
    return is_valid_utf8(bytes) ? TextEncoding::utf8 : TextEncoding::cp1252;
}

DecodedText decode_text(std::string_view bytes) {
    TextEncoding encoding = detect_text_encoding(bytes);
    switch (encoding) {
    case TextEncoding::utf8:
        return {std::string(bytes), encoding};
    case TextEncoding::utf8_bom:
        return {strict_utf8(bytes.substr(3)), encoding};
    case TextEncoding::utf16le:
    case TextEncoding::utf16be: {
        bool marked = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
        const char* from = encoding == TextEncoding::utf16le ? "UTF-16LE" : "UTF-16BE";
        return {to_utf8(bytes.substr(marked ? 2 : 0), from, replace_units(2)), encoding};
    }
    case TextEncoding::cp1252:
        return {to_utf8(bytes, "CP1252", latin1_byte), encoding};
    }
    return {std::string(bytes), encoding};
}

std::string_view text_as_utf8(std::string_view bytes, std::string& storage) {
    if (detect_text_encoding(bytes) == TextEncoding::utf8)
        return bytes;
    storage = decode_text(bytes).text;
    return storage;
}

} // namespace framescope
