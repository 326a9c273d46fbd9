# Installation of the CMake package that lets other projects build on Clef:
#   find_package(Clef CONFIG) with Clef_DIR=<prefix>/lib/cmake/clef
# Included last from the top-level CMakeLists.txt, once every target exists.
# Libraries, headers and tools install themselves into the ClefTargets export
# set (clef_add_library, runtime/, the tools' CMakeLists).

include(CMakePackageConfigHelpers)

set(CLEF_INSTALL_CMAKE_DIR lib/cmake/clef)
set(CLEF_INSTALL_INCLUDE_DIR include/clef)
set(CLEF_INSTALL_BIN_DIR bin)
set(CLEF_INSTALL_PYTHON_DIR python_packages)

# What ClefConfig.cmake lists, keeping only the targets this build has.
function(clef_existing_targets out)
  set(found)
  foreach(name ${ARGN})
    if(TARGET ${name})
      list(APPEND found ${name})
    endif()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()
clef_existing_targets(CLEF_EXPORTED_DIALECT_LIBS
  ClefDialect ClefRegionDialect)
clef_existing_targets(CLEF_EXPORTED_LIBS
  ClefDialect ClefRegionDialect
  ClefPassesTransforms ClefPassesAnalysis ClefPassesConversion
  ClefPassesRegions ClefPassesCertificate ClefPasses
  ClefDriver ClefFrontend)
clef_existing_targets(CLEF_EXPORTED_RUNTIME_LIBS
  ClefRuntime ClefRuntimeChecked)
clef_existing_targets(CLEF_EXPORTED_TOOLS
  clef-opt clef-translate clefc)

# libMLIR.so and libLLVM.so live outside the loader's default path
# (/usr/lib/llvm-22/lib): installed binaries keep the directories they were
# linked against in their RUNPATH, or they would not start.
clef_existing_targets(clef_installed_binaries
  ${CLEF_EXPORTED_TOOLS} ClefCAPI)
set_target_properties(${clef_installed_binaries} PROPERTIES
  INSTALL_RPATH_USE_LINK_PATH ON)

install(EXPORT ClefTargets
  NAMESPACE Clef::
  FILE ClefTargets.cmake
  DESTINATION ${CLEF_INSTALL_CMAKE_DIR})

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/ClefConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/ClefConfig.cmake
  INSTALL_DESTINATION ${CLEF_INSTALL_CMAKE_DIR}
  PATH_VARS CLEF_INSTALL_INCLUDE_DIR CLEF_INSTALL_BIN_DIR
            CLEF_INSTALL_PYTHON_DIR)
# The C API and the IR change between minor releases while Clef is 0.x.
write_basic_package_version_file(
  ${CMAKE_BINARY_DIR}/cmake/ClefConfigVersion.cmake
  VERSION ${CLEF_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_BINARY_DIR}/cmake/ClefConfig.cmake
  ${CMAKE_BINARY_DIR}/cmake/ClefConfigVersion.cmake
  DESTINATION ${CLEF_INSTALL_CMAKE_DIR})
