// llama_rope_type.c: the oracle for inspect's RoPE type — loads each GGUF with llama.cpp's own loader and prints
// `NAME ROPE_TYPE` from llama_model_rope_type() (NONE, NORM, NEOX, MROPE, IMROPE, VISION), or `NAME REFUSED`.
// Build as llama_load.c (see testdata/make_llama_cpp_rope_types.py); run on the healthy loadability fixtures.
#include <stdio.h>
#include <string.h>
#include "llama.h"

static void quiet(enum ggml_log_level level, const char * text, void * user) { (void) level; (void) text; (void) user; }

static const char * rope_name(enum llama_rope_type t) {
    switch (t) {
        case LLAMA_ROPE_TYPE_NONE: return "NONE";
        case LLAMA_ROPE_TYPE_NORM: return "NORM";
        case LLAMA_ROPE_TYPE_NEOX: return "NEOX";
        case LLAMA_ROPE_TYPE_MROPE: return "MROPE";
        case LLAMA_ROPE_TYPE_IMROPE: return "IMROPE";
        case LLAMA_ROPE_TYPE_VISION: return "VISION";
    }
    return "UNKNOWN";
}

int main(int argc, char ** argv) {
    llama_log_set(quiet, NULL);
    llama_backend_init();
    for (int i = 1; i < argc; i++) {
        struct llama_model_params params = llama_model_default_params();
        params.n_gpu_layers = 0;
        struct llama_model * model = llama_model_load_from_file(argv[i], params);
        const char * name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
        if (model == NULL) { printf("%s REFUSED\n", name); continue; }
        printf("%s %s\n", name, rope_name(llama_model_rope_type(model)));
        llama_model_free(model);
    }
    llama_backend_free();
    return 0;
}
