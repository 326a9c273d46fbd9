# Layers of source files, checked by scripts/check-layers.py.
#
# clef_layer(<group> <layer> FILES files... [USES layers...])
#
# Declares one layer of a group of files that live in the calling
# directory. Layers are declared bottom first: a layer may USE only layers
# declared before it, so the declared order has no cycle. A file may include
# only headers of its own layer and of the layers its layer uses,
# transitively. The declarations of a group are written to
# <build>/layers/<group>.txt; the group's lit test (test/.../layers.test)
# checks the sources against it, and that every source of the directory
# belongs to a layer.
function(clef_layer group layer)
  cmake_parse_arguments(ARG "" "" "FILES;USES" ${ARGN})
  set(spec ${CMAKE_BINARY_DIR}/layers/${group}.txt)
  get_property(known GLOBAL PROPERTY CLEF_LAYERS_${group})
  get_property(started GLOBAL PROPERTY CLEF_LAYERS_${group} SET)
  if(NOT started)
    file(RELATIVE_PATH dir ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
    file(WRITE ${spec} "dir ${dir}\n")
    set_property(GLOBAL PROPERTY CLEF_LAYERS_${group} "")
  endif()
  if(layer IN_LIST known)
    message(FATAL_ERROR "layer '${layer}' of '${group}' is declared twice")
  endif()
  foreach(used ${ARG_USES})
    if(NOT used IN_LIST known)
      message(FATAL_ERROR "layer '${layer}' of '${group}' uses '${used}', "
        "which is not declared below it")
    endif()
  endforeach()
  set_property(GLOBAL APPEND PROPERTY CLEF_LAYERS_${group} ${layer})
  string(REPLACE ";" " " uses "${ARG_USES}")
  string(REPLACE ";" " " files "${ARG_FILES}")
  file(APPEND ${spec} "layer ${layer} uses ${uses}\nfiles ${files}\n")
endfunction()
