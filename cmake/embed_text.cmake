# Writes a C++ header declaring one std::string_view per text file, holding the file's
# contents as a raw string. Run as a script:
#   cmake -DOUTPUT=out.h -DENTRIES="kName=path,kOther=path2" -P embed_text.cmake
# (commas, not CMake's semicolons, which a shell command line would split)
set(content "// Generated from the files named below; edit those, not this.\n#pragma once\n\n#include <string_view>\n\nnamespace framescope {\n\n")
string(REPLACE "," ";" ENTRIES "${ENTRIES}")
foreach(entry IN LISTS ENTRIES)
  string(REPLACE "=" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 path)
  file(READ "${path}" text)
  get_filename_component(base "${path}" NAME)
  string(APPEND content "// ${base}\ninline constexpr std::string_view ${name} = R\"framescope_embed(${text})framescope_embed\";\n\n")
endforeach()
string(APPEND content "} // namespace framescope\n")
file(WRITE "${OUTPUT}" "${content}")
