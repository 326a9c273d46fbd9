# Helpers shared by the project's CMakeLists.

# clef_add_library(name sources...
#   [DEPENDS targets...] [MLIR_LIBS libs...] [LIBS libs...]
#   [HEADERS headers...] [TD tablegen files...])
#
# A static library of the project. MLIR libraries go through
# mlir_target_link_libraries (which maps them to libMLIR.so); the project's
# own libraries are linked directly, since mlir_target_link_libraries would
# replace them with libMLIR.so too. Headers and .td files are installed under
# include/clef/<dir relative to the source root>.
function(clef_add_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;MLIR_LIBS;LIBS;HEADERS;TD" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}>
    $<INSTALL_INTERFACE:include/clef>)
  if(ARG_LIBS)
    target_link_libraries(${name} PUBLIC ${ARG_LIBS})
  endif()
  if(ARG_MLIR_LIBS)
    mlir_target_link_libraries(${name} PUBLIC ${ARG_MLIR_LIBS})
    # libMLIR.so does not carry LLVM's support library: link libLLVM.so.
    target_link_libraries(${name} PUBLIC LLVM)
  endif()
  file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  install(TARGETS ${name} EXPORT ClefTargets ARCHIVE DESTINATION lib)
  # Keep each header's subdirectory (Conversion/ClefToLLVM/ClefToLLVM.h): it
  # is part of the path the header is included by.
  foreach(file ${ARG_HEADERS} ${ARG_TD})
    get_filename_component(subdir ${file} DIRECTORY)
    install(FILES ${file} DESTINATION include/clef/${rel}/${subdir})
  endforeach()
  if(ARG_HEADERS OR ARG_TD)
    # Generated .inc files live in the matching build directory.
    install(DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/ DESTINATION include/clef/${rel}
      FILES_MATCHING PATTERN "*.inc"
      PATTERN "CMakeFiles" EXCLUDE)
  endif()
endfunction()
