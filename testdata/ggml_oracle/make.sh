#!/bin/sh
# Compiles gen.c against ggml and writes its fixtures into this folder, then refreshes testdata/quant
# (make_quant_fixtures.py copies Q8_1, Q8_K and Q1_0 from here and adds their statistics).
# GGML: a llama.cpp tree with ggml built (default: llama-cpp-python 0.3.36's vendored copy, built in build/).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
LLAMA=${LLAMA:-/tmp/lcpp/llama_cpp_python-0.3.36/vendor/llama.cpp}
LIB=$LLAMA/build/bin
cc -O1 -std=c11 -Wall -I"$LLAMA/ggml/include" -I"$LLAMA/ggml/src" "$HERE/gen.c" -L"$LIB" -lggml-base -lm \
   -Wl,-rpath,"$LIB" -o "$HERE/.gen"
"$HERE/.gen" "$HERE"
rm -f "$HERE/.gen"
python3 "$HERE/../make_quant_fixtures.py"
