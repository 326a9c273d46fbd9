# Writes the prelude source as a C++ raw string literal (cmake -P script).
file(READ ${IN} CONTENT)
file(WRITE ${OUT} "R\"clefprelude(${CONTENT})clefprelude\"\n")
