// What a `--db` value names: a SQLite file (a plain path, the embedded default) or a
// PostgreSQL server (postgresql:// or postgres://). Any other scheme:// is an error, never a
// file name. The one place that decides which store a value opens.
#pragma once

#include <string>

#include "core/error.h"

namespace framescope {

enum class StoreKind { sqlite, postgres };

// The store `location` names; an error for an unsupported scheme.
Result<StoreKind> store_kind_of(const std::string& location);

// `url` without its password (user:secret@host, ?password=...), for messages.
std::string url_for_display(const std::string& url);

} // namespace framescope
