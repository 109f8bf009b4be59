// input_kind reads at most the first 256 KiB of a file (a huge one costs no more than a
// small one): magic numbers first, then marshal's shape, then whether the bytes are text and
// which markers the text holds. Archives are asked for their member names only; marshal data
// that is not a profile is walked once, up to 64 MiB, to be sure it is marshal at all.

#include "loaders/input_kind.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/file_bytes.h"
#include "loaders/bundle_files.h"
#include "loaders/hang_dumps.h"
#include "loaders/marshal_reader.h"

namespace framescope {
namespace {

constexpr size_t kSniffBytes = 256 << 10;
constexpr size_t kBinaryWindowBytes = 64 << 10;
constexpr uint64_t kMaxMarshalWalkBytes = 64ull << 20;

struct FilePrefix {
    std::string bytes; // the first kSniffBytes of the file, or all of it
    uint64_t size = 0; // of the whole file
    std::string error; // strerror, if it could not be read
};

FilePrefix read_prefix(const std::string& path) {
    FilePrefix prefix;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        prefix.error = std::strerror(errno);
        return prefix;
    }
    struct stat info {};
    if (::fstat(fd, &info) == 0)
        prefix.size = uint64_t(info.st_size);
    prefix.bytes.resize(kSniffBytes);
    size_t got = 0;
    while (got < kSniffBytes) {
        ssize_t n = ::read(fd, prefix.bytes.data() + got, kSniffBytes - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            prefix.error = std::strerror(errno);
            break;
        }
        if (n == 0)
            break;
        got += size_t(n);
    }
    ::close(fd);
    prefix.bytes.resize(got);
    prefix.size = std::max<uint64_t>(prefix.size, got);
    return prefix;
}

InputSniff not_ours(std::string looks_like) {
    return {InputKind::not_ours, "looks like " + std::move(looks_like)};
}

bool has(std::string_view text, std::string_view marker) {
    return text.find(marker) != std::string_view::npos;
}

// faulthandler.dump_traceback_later's "Timeout (0:00:05)!".
bool has_faulthandler_timeout(std::string_view text) {
    for (size_t at = text.find("Timeout ("); at != std::string_view::npos;
         at = text.find("Timeout (", at + 1)) {
        size_t end = at + 9;
        while (end < text.size() &&
               (std::isdigit(uint8_t(text[end])) || text[end] == ':' || text[end] == '.'))
            ++end;
        if (end > at + 9 && text.substr(end).starts_with(")!"))
            return true;
    }
    return false;
}

} // namespace

InputKind text_kind(std::string_view text) {
    // Timeout dumps are a stall trace, even one that ends in a crash; otherwise a fatal
    // error's dump lists the threads as a hang dump does, but it is a crash.
    if (has_faulthandler_timeout(text))
        return InputKind::hang_dump;
    if (has(text, "Fatal Python error") || has(text, "Windows fatal exception"))
        return InputKind::crash_text;
    // Stacks of a live process in any form the hang-dump readers know, with a frame.
    if (Result<std::vector<HangDump>> dumps = parse_hang_dumps(text, ""); dumps)
        for (const HangDump& dump : *dumps)
            for (const DumpThread& thread : dump.threads)
                if (!thread.frames.empty())
                    return InputKind::hang_dump;
    // Tracebacks, `File "...", line N` fragments, and text with no report alike: crash text,
    // kept as one unparsed report when nothing in it parses.
    return InputKind::crash_text;
}

namespace {

// Bytes that no text holds: NUL, and more than 1 in 100 other control characters (tab, line
// breaks, form feed, backspace and the escape of terminal colours are text).
bool looks_binary(std::string_view bytes) {
    std::string_view window = bytes.substr(0, kBinaryWindowBytes);
    size_t controls = 0;
    for (char c : window) {
        uint8_t b = uint8_t(c);
        if (b == 0)
            return true;
        if ((b < 0x20 && !std::strchr("\t\n\r\f\v\b\x1b", c)) || b == 0x7f)
            ++controls;
    }
    return controls * 100 > window.size();
}

// pstats is marshal.dump of a dict keyed by (file, line, function) tuples: '{' (0xfb with
// FLAG_REF), then a tuple's code, or '0' for an empty dict. A file cut after the '{' is a
// truncated profile, for the loader to report with its offset.
bool looks_like_pstats(std::string_view bytes) {
    if (bytes.empty() || (bytes[0] != '{' && uint8_t(bytes[0]) != 0xfb))
        return false;
    if (bytes.size() == 1)
        return true;
    uint8_t key = uint8_t(bytes[1]) & 0x7f;
    return key == '(' || key == ')' || key == '0';
}

// Some other marshalled value: the whole file must be exactly one marshal object.
std::optional<MarshalKind> whole_marshal_value(const std::string& path, uint64_t size) {
    if (size > kMaxMarshalWalkBytes)
        return std::nullopt;
    Result<FileBytes> file = read_file_bytes(path);
    if (!file)
        return std::nullopt;
    MarshalReader reader(file->bytes(), path);
    MarshalKind kind;
    if (!reader.peek_kind(kind) || !reader.skip() || reader.offset() != file->bytes().size())
        return std::nullopt;
    return kind;
}

InputSniff archive_kind(const std::string& path, const char* packing) {
    if (archive_holds_session(path))
        return {InputKind::bundle, {}};
    return not_ours(std::string(packing) + " archive that is not a report bundle");
}

InputSniff sniff_file(const std::string& path) {
    FilePrefix prefix = read_prefix(path);
    if (!prefix.error.empty())
        return {InputKind::unreadable, prefix.error};
    std::string_view bytes = prefix.bytes;
    if (bytes.empty())
        return {InputKind::not_ours, "is empty"};
    if (bytes.starts_with("\x7f"
                          "ELF"))
        return not_ours("an ELF executable");
    if (bytes.starts_with("\x89PNG\r\n\x1a\n"))
        return not_ours("a PNG image");
    if (bytes.starts_with("\xff\xd8\xff"))
        return not_ours("a JPEG image");
    if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a"))
        return not_ours("a GIF image");
    if (bytes.starts_with("%PDF-"))
        return not_ours("a PDF document");
    if (bytes.starts_with(std::string_view("SQLite format 3\0", 16)))
        return not_ours("a SQLite database");
    if (bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06"))
        return archive_kind(path, "a zip");
    if (bytes.starts_with("\x1f\x8b"))
        return archive_kind(path, "a gzip");
    if (bytes.size() > 262 && bytes.substr(257, 5) == "ustar")
        return archive_kind(path, "a tar");
    if (looks_like_pstats(bytes))
        return {InputKind::profile, {}};
    if (std::optional<ProfileFormat> format =
            profile_format_of_prefix(bytes, prefix.size == bytes.size()))
        return {InputKind::profile, {}, TextEncoding::utf8, *format};
    if (bytes.size() > 1 && uint8_t(bytes[0]) == 0x80 && bytes[1] >= 2 && bytes[1] <= 5)
        return not_ours("a Python pickle that is not line_profiler's");

    TextEncoding encoding = detect_text_encoding(bytes);
    bool utf16 = encoding == TextEncoding::utf16le || encoding == TextEncoding::utf16be;
    if (!utf16 && looks_binary(bytes)) {
        if (std::optional<MarshalKind> value = whole_marshal_value(path, prefix.size))
            return not_ours("marshal data that is not a profile (" +
                            std::string(marshal_kind_name(*value)) + ")");
        return not_ours("binary data");
    }
    if (encoding == TextEncoding::cp1252 && prefix.size > bytes.size() &&
        is_valid_utf8(bytes, true))
        encoding = TextEncoding::utf8; // valid UTF-8 cut off at the end of the prefix
    return {text_kind(decode_text(bytes).text), {}, encoding};
}

bool is_directory(const std::string& path) {
    std::error_code error;
    return std::filesystem::is_directory(path, error);
}

} // namespace

InputSniff input_kind(const std::string& path) {
    if (is_directory(path)) {
        std::error_code error;
        if (std::filesystem::is_regular_file(std::filesystem::path(path) / "session.json", error))
            return {InputKind::bundle, {}};
        return {InputKind::folder, {}};
    }
    return sniff_file(path);
}

bool is_session_kind(InputKind kind) {
    return kind == InputKind::bundle || kind == InputKind::hang_dump ||
           kind == InputKind::crash_text;
}

std::vector<NamedInput> expand_inputs(const std::vector<std::string>& paths) {
    std::vector<NamedInput> inputs;
    for (const std::string& path : paths) {
        InputSniff sniff = input_kind(path);
        if (sniff.kind != InputKind::folder) {
            inputs.push_back({path, std::move(sniff), false});
            continue;
        }
        std::vector<std::string> entries;
        std::error_code error;
        for (const auto& entry : std::filesystem::directory_iterator(path, error))
            entries.push_back(entry.path().string());
        if (error) {
            inputs.push_back({path, {InputKind::unreadable, error.message()}, false});
            continue;
        }
        std::sort(entries.begin(), entries.end());
        for (const std::string& entry : entries) {
            InputSniff inner = input_kind(entry);
            if (inner.kind != InputKind::folder)
                inputs.push_back({entry, std::move(inner), true});
        }
    }
    return inputs;
}

std::string refusal_message(const NamedInput& input) {
    if (input.sniff.kind == InputKind::unreadable)
        return input.path + ": " + input.sniff.reason;
    return input.path + ": not a profile, bundle or report: " + input.sniff.reason;
}

std::string profile_elsewhere_message(const std::string& path, ProfileFormat format) {
    std::string what = format == ProfileFormat::pstats
                           ? "a pstats profile"
                           : std::string("a profile (") + profile_format_name(format) + ")";
    std::string message = path + ": " + what + "; open it with 'framescope " + path +
                          "' or 'framescope stats " + path + "'";
    if (format == ProfileFormat::trace_event) // a trace knows its frames once told their function
        message +=
            ", or read its frames with 'framescope report --frame-function NAME " + path + "'";
    return message;
}

} // namespace framescope
