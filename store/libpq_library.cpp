#include "store/libpq_library.h"

#include <dlfcn.h>

#include <string>
#include <type_traits>

namespace framescope {
namespace {

constexpr const char* kLibpqName = "libpq.so.5"; // the client library's ABI since 2006

LibpqFunctions loaded_functions;

Result<const LibpqFunctions*> load_once() {
    void* library = ::dlopen(kLibpqName, RTLD_NOW | RTLD_LOCAL);
    if (!library)
        return Error::plain(std::string("PostgreSQL client library: ") + ::dlerror());
    std::string missing;
    auto resolve = [&](auto& function, const char* name) {
        function =
            reinterpret_cast<std::remove_reference_t<decltype(function)>>(::dlsym(library, name));
        if (!function && missing.empty())
            missing = name;
    };
#define FRAMESCOPE_RESOLVE(name) resolve(loaded_functions.name, #name)
    FRAMESCOPE_RESOLVE(PQclear);
    FRAMESCOPE_RESOLVE(PQcmdStatus);
    FRAMESCOPE_RESOLVE(PQconnectdbParams);
    FRAMESCOPE_RESOLVE(PQenterPipelineMode);
    FRAMESCOPE_RESOLVE(PQerrorMessage);
    FRAMESCOPE_RESOLVE(PQexec);
    FRAMESCOPE_RESOLVE(PQexecParams);
    FRAMESCOPE_RESOLVE(PQexecPrepared);
    FRAMESCOPE_RESOLVE(PQexitPipelineMode);
    FRAMESCOPE_RESOLVE(PQfinish);
    FRAMESCOPE_RESOLVE(PQgetResult);
    FRAMESCOPE_RESOLVE(PQgetisnull);
    FRAMESCOPE_RESOLVE(PQgetlength);
    FRAMESCOPE_RESOLVE(PQgetvalue);
    FRAMESCOPE_RESOLVE(PQnfields);
    FRAMESCOPE_RESOLVE(PQntuples);
    FRAMESCOPE_RESOLVE(PQpipelineSync);
    FRAMESCOPE_RESOLVE(PQprepare);
    FRAMESCOPE_RESOLVE(PQputCopyData);
    FRAMESCOPE_RESOLVE(PQputCopyEnd);
    FRAMESCOPE_RESOLVE(PQreset);
    FRAMESCOPE_RESOLVE(PQresultErrorField);
    FRAMESCOPE_RESOLVE(PQresultStatus);
    FRAMESCOPE_RESOLVE(PQsendQueryPrepared);
    FRAMESCOPE_RESOLVE(PQsetNoticeProcessor);
    FRAMESCOPE_RESOLVE(PQstatus);
#undef FRAMESCOPE_RESOLVE
    if (!missing.empty()) // older than pipeline mode (PostgreSQL 14)
        return Error::plain(std::string("PostgreSQL client library ") + kLibpqName + " has no " +
                            missing + " (libpq 14 or later is needed)");
    return &loaded_functions;
}

} // namespace

Result<const LibpqFunctions*> load_libpq() {
    static const Result<const LibpqFunctions*> loaded = load_once();
    return loaded;
}

const LibpqFunctions& libpq() {
    return loaded_functions;
}

} // namespace framescope
