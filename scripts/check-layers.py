#!/usr/bin/env python3
"""Checks that a directory's sources keep the layers declared for them.

Usage: check-layers.py SPEC SOURCE_ROOT

SPEC is written by clef_layer() (cmake/ClefLayers.cmake):

    dir runtime
    layer base uses
    files clef_base.h rt_base.h rt_output.c
    layer region uses base
    files clef_region.h rt_region.h rt_region.c

Layers come bottom first and use only layers declared before them. Every
C/C++ source and header in SOURCE_ROOT/<dir> must belong to one layer, and
may include (with #include "...") only files of its own layer or of the
layers its layer uses, directly or through them. Includes of generated
files (.inc) and of other directories are not checked here. Prints one line
per violation and exits with 1 if there is any.
"""

import os
import re
import sys

SOURCE_SUFFIXES = (".c", ".h", ".cpp", ".hpp")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def read_spec(path):
    directory = None
    layers = []  # (name, uses, files) bottom first
    with open(path) as f:
        for number, line in enumerate(f, 1):
            words = line.split()
            if not words:
                continue
            if words[0] == "dir" and len(words) == 2:
                directory = words[1]
            elif words[0] == "layer" and len(words) >= 3 and words[2] == "uses":
                layers.append((words[1], words[3:], []))
            elif words[0] == "files" and layers:
                layers[-1][2].extend(words[1:])
            else:
                sys.exit(f"{path}:{number}: cannot read '{line.strip()}'")
    if directory is None:
        sys.exit(f"{path}: no 'dir' line")
    return directory, layers


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    directory, layers = read_spec(sys.argv[1])
    root = os.path.join(sys.argv[2], directory)

    errors = []
    layer_of = {}
    allowed = {}
    for name, uses, files in layers:
        reach = {name}
        for used in uses:
            if used not in allowed:
                errors.append(f"layer '{name}' uses '{used}', which is not "
                              f"declared below it")
                continue
            reach |= allowed[used]
        allowed[name] = reach
        for file in files:
            if file in layer_of:
                errors.append(f"{directory}/{file} is in two layers: "
                              f"'{layer_of[file]}' and '{name}'")
            layer_of[file] = name

    for file in sorted(os.listdir(root)):
        if file.endswith(SOURCE_SUFFIXES) and file not in layer_of:
            errors.append(f"{directory}/{file} belongs to no layer: declare it "
                          f"in {directory}/CMakeLists.txt")

    for file, layer in sorted(layer_of.items()):
        path = os.path.join(root, file)
        if not os.path.exists(path):
            errors.append(f"{directory}/{file}: declared in layer '{layer}' "
                          f"but missing")
            continue
        with open(path, errors="replace") as f:
            for number, line in enumerate(f, 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                target = match.group(1)
                if target.endswith(".inc"):
                    continue
                # Bare names ("rt_base.h") and project paths
                # ("dialects/Clef/Units.h") name files of this directory.
                head, base = os.path.split(target)
                if head and head != directory:
                    continue
                target_layer = layer_of.get(base)
                if target_layer is None:
                    if os.path.exists(os.path.join(root, base)):
                        errors.append(f"{directory}/{file}:{number}: includes "
                                      f"{base}, which belongs to no layer")
                    continue
                if target_layer not in allowed[layer]:
                    errors.append(
                        f"{directory}/{file}:{number}: layer '{layer}' "
                        f"includes {base} of layer '{target_layer}', which "
                        f"it does not use")

    for error in errors:
        print(f"error: {error}")
    if errors:
        return 1
    print(f"{directory}: {len(layers)} layers, {len(layer_of)} files, "
          f"no include against the layering")
    return 0


if __name__ == "__main__":
    sys.exit(main())
