// StringPool: one id per distinct text, stable across growth and copies.

#include <doctest/doctest.h>

#include "core/string_pool.h"

namespace framescope {

TEST_CASE("string pool gives equal texts one id and keeps them through growth and copies") {
    StringPool pool;
    StringId a = pool.intern("main.py");
    for (int i = 0; i < 10000; ++i)
        pool.intern("file" + std::to_string(i) + ".py");
    CHECK(pool.intern("main.py") == a);
    CHECK(pool.get(a) == "main.py");
    StringPool copy = pool;
    CHECK(copy.size() == pool.size());
    CHECK(copy.intern("file42.py") == pool.intern("file42.py"));
    CHECK(copy.get(a) == "main.py");
}

} // namespace framescope

namespace framescope {

TEST_CASE("string pool interns the empty string, first or later") {
    StringPool pool;
    StringId empty = pool.intern("");
    CHECK(pool.get(empty).empty());
    StringId text = pool.intern("x");
    CHECK(pool.intern("") == empty);
    CHECK(pool.get(text) == "x");
}

} // namespace framescope
