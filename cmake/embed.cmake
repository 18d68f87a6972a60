# Builds library `cw_resources`: every SQL migration and mustache view under src/, embedded as
# {path relative to src/, content}. The generated file is rebuilt whenever one of them changes.
file(GLOB_RECURSE CW_EMBEDDED CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/src/*.sql ${CMAKE_SOURCE_DIR}/src/*.mustache ${CMAKE_SOURCE_DIR}/src/modules/*/data/*.txt)
set(CW_EMBED_OUT ${CMAKE_BINARY_DIR}/generated/resources.cpp)
add_custom_command(
  OUTPUT ${CW_EMBED_OUT}
  COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR}/src -DOUT=${CW_EMBED_OUT}
          -P ${CMAKE_SOURCE_DIR}/cmake/embed_files.cmake
  DEPENDS ${CW_EMBEDDED} ${CMAKE_SOURCE_DIR}/cmake/embed_files.cmake
  COMMENT "Embedding migrations and views")
add_library(cw_resources STATIC ${CW_EMBED_OUT} ${CMAKE_SOURCE_DIR}/src/common/resources.cpp)
