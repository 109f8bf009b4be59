#include "viewer/views/time_ruler.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace framescope {
namespace {

constexpr std::array kRoundStepsS = {0.001, 0.002, 0.005, 0.01,  0.02,   0.05,  0.1,  0.2,
                                     0.5,   1.0,   2.0,   5.0,   10.0,   15.0,  30.0, 60.0,
                                     120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0};

int decimals_for(double step_s) {
    if (step_s >= 1)
        return 0;
    if (step_s >= 0.1)
        return 1;
    if (step_s >= 0.01)
        return 2;
    return 3;
}

// "05" or "05.250": seconds within the minute, zero-padded, `decimals` after the point.
std::string seconds_part(double seconds, int decimals) {
    char text[16];
    std::snprintf(text, sizeof text, "%0*.*f", decimals ? 3 + decimals : 2, decimals, seconds);
    return text;
}

} // namespace

double ruler_step_s(double visible_s, float width_px, float min_spacing_px) {
    if (width_px <= 0 || visible_s <= 0)
        return kRoundStepsS.back();
    double min_step_s = visible_s * double(min_spacing_px) / double(width_px);
    for (double step : kRoundStepsS)
        if (step >= min_step_s)
            return step;
    // Past an hour a tick: whole hours.
    return std::ceil(min_step_s / 3600) * 3600;
}

std::vector<double> ruler_ticks(double start_s, double end_s, double step_s) {
    std::vector<double> ticks;
    if (step_s <= 0 || end_s < start_s)
        return ticks;
    for (double n = std::ceil(start_s / step_s - 1e-9); n * step_s <= end_s + 1e-9; n += 1)
        ticks.push_back(n * step_s);
    return ticks;
}

std::string format_session_time(double seconds, double step_s) {
    int decimals = decimals_for(step_s);
    // Round once, to the digits shown, so that 59.9996 reads 01:00.000 and not 00:60.000.
    double scale = std::pow(10.0, decimals);
    double rounded = std::round(seconds * scale) / scale;
    if (rounded <= 0)
        rounded = 0; // and not -0, which prints as "-0.0"
    long long whole = static_cast<long long>(rounded);
    double within_minute = rounded - double(whole - whole % 60);
    long long minutes = whole / 60;
    char text[32];
    if (minutes >= 60)
        std::snprintf(text, sizeof text, "%lld:%02lld:%s", minutes / 60, minutes % 60,
                      seconds_part(within_minute, decimals).c_str());
    else
        std::snprintf(text, sizeof text, "%02lld:%s", minutes,
                      seconds_part(within_minute, decimals).c_str());
    return text;
}

std::string format_time_of_day(double unix_seconds, double step_s) {
    int decimals = decimals_for(step_s);
    double scale = std::pow(10.0, decimals);
    double rounded = std::round(unix_seconds * scale) / scale;
    std::time_t whole = static_cast<std::time_t>(std::floor(rounded));
    std::tm utc{};
    gmtime_r(&whole, &utc);
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%02d:%s", utc.tm_hour, utc.tm_min,
                  seconds_part(utc.tm_sec + (rounded - double(whole)), decimals).c_str());
    return text;
}

} // namespace framescope
