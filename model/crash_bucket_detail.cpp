#include "model/crash_bucket_detail.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace framescope {
namespace {

constexpr double kHourS = 3600, kDayS = 86400;
constexpr double kHourlySpanS = 3 * kDayS; // the longest span binned by hour

BucketTag tag_of(std::string name, std::span<const CrashInput> inputs,
                 std::span<const uint32_t> reports,
                 const std::string& (*value_of)(const CrashInput&)) {
    std::map<std::string, size_t> counts;
    for (uint32_t index : reports) {
        const std::string& value = value_of(inputs[index]);
        ++counts[value.empty() ? std::string("unknown") : value];
    }
    BucketTag tag{std::move(name), {}};
    for (auto& [value, count] : counts)
        tag.values.push_back({value, count});
    std::stable_sort(tag.values.begin(), tag.values.end(),
                     [](const TagValue& a, const TagValue& b) { return a.count > b.count; });
    return tag;
}

std::string first_line_of_message(const CrashReport& report) {
    const CrashException* raised = report.final_exception();
    std::string_view message = raised ? std::string_view(raised->message) : report.fatal_message;
    return std::string(message.substr(0, message.find('\n')));
}

} // namespace

std::string bucket_title(const CrashBucket& bucket, std::span<const CrashInput> inputs,
                         const BucketRules& rules) {
    if (bucket.unparsed)
        return "(unparsed text)";
    std::string title = bucket.signature.exception;
    if (bucket.latest && bucket.latest->kind == CrashReport::Kind::fatal)
        return title; // the message is in the exception already
    std::string message = bucket.variants.empty() ? std::string() : bucket.variants.front().first;
    if (!bucket.merged.empty()) {
        message.clear();
        BucketRules unmerged = rules;
        unmerged.merges.clear();
        CodeLocator locator(unmerged.origin);
        for (uint32_t index : bucket.reports)
            if (crash_signature(*inputs[index].report, unmerged, locator).key() == bucket.key()) {
                message = first_line_of_message(*inputs[index].report);
                break;
            }
    }
    return message.empty() ? title : title + ": " + message;
}

ReportsOverTime reports_over_time(std::span<const double> times_unix) {
    ReportsOverTime over;
    double first = 0, last = 0;
    for (double t : times_unix) {
        if (t <= 0) {
            ++over.undated;
            continue;
        }
        first = first == 0 ? t : std::min(first, t);
        last = std::max(last, t);
    }
    if (first == 0)
        return over;
    over.bin_s = last - first <= kHourlySpanS ? kHourS : kDayS;
    over.start_unix = std::floor(first / over.bin_s) * over.bin_s;
    over.counts.assign(size_t((last - over.start_unix) / over.bin_s) + 1, 0);
    for (double t : times_unix)
        if (t > 0)
            ++over.counts[size_t((t - over.start_unix) / over.bin_s)];
    return over;
}

BucketDetail bucket_detail(std::span<const CrashInput> inputs, const CrashBucket& bucket) {
    BucketDetail detail;
    detail.reports = bucket.reports;
    std::stable_sort(detail.reports.begin(), detail.reports.end(), [&](uint32_t a, uint32_t b) {
        double ta = inputs[a].time_unix, tb = inputs[b].time_unix;
        return ta > 0 && (tb <= 0 || ta < tb);
    });
    detail.tags.push_back(
        tag_of("version", inputs, detail.reports,
               [](const CrashInput& i) -> const std::string& { return i.app_version; }));
    detail.tags.push_back(
        tag_of("platform", inputs, detail.reports,
               [](const CrashInput& i) -> const std::string& { return i.platform; }));
    detail.tags.push_back(
        tag_of("interpreter", inputs, detail.reports,
               [](const CrashInput& i) -> const std::string& { return i.interpreter; }));
    for (size_t v = 0; v < bucket.versions.size(); ++v)
        detail.per_version.push_back({bucket.versions[v], bucket.version_counts[v]});
    std::vector<double> times;
    for (uint32_t index : detail.reports)
        times.push_back(inputs[index].time_unix);
    detail.over_time = reports_over_time(times);
    return detail;
}

} // namespace framescope
