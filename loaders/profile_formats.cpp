#include "loaders/profile_formats.h"

#include <string_view>
#include <type_traits>

#include "core/file_bytes.h"
#include "core/text_encoding.h"
#include "loaders/austin_samples.h"
#include "loaders/callgrind_loader.h"
#include "loaders/collapsed_stacks.h"
#include "loaders/gecko_profile.h"
#include "loaders/input_kind.h"
#include "loaders/lprof_loader.h"
#include "loaders/pstats_loader.h"
#include "loaders/speedscope_profile.h"
#include "loaders/trace_event.h"

namespace framescope {
namespace {

// A text format's reader on the bytes as valid UTF-8; one that reads the text once from start
// to end is also given the file they map, when they are one, to let go of what it has read.
template <typename Reader>
Result<AnyProfile> read_text(Reader reader, std::span<const uint8_t> bytes, const std::string& file,
                             LoadProgress* progress, const FileBytes* mapped = nullptr) {
    std::string storage;
    std::string_view text = text_as_utf8(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), storage);
    Result<ProfileData> data = [&] {
        if constexpr (std::is_invocable_v<Reader, std::string_view, const std::string&,
                                          LoadProgress*, const FileBytes*>)
            return reader(text, file, progress, storage.empty() ? mapped : nullptr);
        else
            return reader(text, file, progress);
    }();
    if (!data)
        return data.error();
    return AnyProfile(std::move(*data));
}

Result<AnyProfile> read_profile_bytes(ProfileFormat format, std::span<const uint8_t> bytes,
                                      const ProfileSource& source, LoadProgress* progress,
                                      const FileBytes* mapped) {
    switch (format) {
    case ProfileFormat::pstats: {
        Result<PstatsProfile> profile = load_pstats(bytes, source, progress);
        if (!profile)
            return profile.error();
        return AnyProfile(std::move(*profile));
    }
    case ProfileFormat::collapsed:
        return read_text(read_collapsed_stacks, bytes, source.path, progress, mapped);
    case ProfileFormat::austin:
        return read_text(read_austin_samples, bytes, source.path, progress);
    case ProfileFormat::speedscope:
        return read_text(read_speedscope, bytes, source.path, progress);
    case ProfileFormat::trace_event:
        return read_text(read_trace_event, bytes, source.path, progress, mapped);
    case ProfileFormat::gecko:
        return read_text(read_gecko_profile, bytes, source.path, progress);
    case ProfileFormat::callgrind:
        return read_text([](std::string_view text, const std::string& file,
                            LoadProgress*) { return load_callgrind(text, file); },
                         bytes, source.path, progress);
    case ProfileFormat::lprof: {
        Result<LprofStats> stats = load_lprof(bytes, source.path);
        if (!stats)
            return stats.error();
        return AnyProfile(lprof_profile_data(*stats));
    }
    }
    return Error::plain(source.path + ": not a profile format framescope knows");
}

} // namespace

Result<AnyProfile> read_profile(ProfileFormat format, std::span<const uint8_t> bytes,
                                const ProfileSource& source, LoadProgress* progress) {
    return read_profile_bytes(format, bytes, source, progress, nullptr);
}

Result<AnyProfile> read_profile_file(const std::string& path, LoadProgress* progress,
                                     CallerEdges callers) {
    InputSniff sniff = input_kind(path);
    if (sniff.kind == InputKind::not_ours && !sniff.reason.empty())
        return Error::plain(refusal_message({path, sniff}));
    ProfileFormat format = sniff.kind == InputKind::profile ? sniff.format : ProfileFormat::pstats;
    if (format == ProfileFormat::pstats) { // mapped and let go of as it is read
        Result<PstatsProfile> profile = load_pstats_file(path, progress, callers);
        if (!profile)
            return profile.error();
        return AnyProfile(std::move(*profile));
    }
    Result<FileBytes> file = read_file_bytes(path);
    if (!file)
        return file.error();
    return read_profile_bytes(format, file->bytes(), {path, file->mtime_s()}, progress, &*file);
}

ProfileFormat profile_format_of_bytes(std::span<const uint8_t> bytes) {
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (!text.empty() && (text[0] == '{' || uint8_t(text[0]) == 0xfb))
        return ProfileFormat::pstats;
    return profile_format_of_prefix(text, true).value_or(ProfileFormat::pstats);
}

} // namespace framescope
