// SHA-256 against Python's hashlib, at every length around the padding boundaries.

#include <doctest/doctest.h>

#include "core/sha256.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("sha256 matches Python's hashlib for every length up to three blocks") {
    test::TempDir dir;
    std::string data;
    for (int i = 0; i < 200; ++i)
        data += char((i * 131 + 7) & 0xff);
    test::write_text(dir / "data", data);
    test::CommandResult python = test::run_command(
        test::quote(test::python3()) + " -c " +
        test::quote("import hashlib, sys\n"
                    "d = open(sys.argv[1], 'rb').read()\n"
                    "print('\\n'.join(hashlib.sha256(d[:n]).hexdigest() for n in range(200)))") +
        " " + test::quote((dir / "data").string()));
    REQUIRE(python.exit_code == 0);
    std::string ours;
    for (size_t n = 0; n < 200; ++n)
        ours += sha256_hex({reinterpret_cast<const uint8_t*>(data.data()), n}) + "\n";
    CHECK(ours == python.output);
}

} // namespace framescope
