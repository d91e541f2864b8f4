// llama_load.c: the oracle for testdata/loadability — asks llama.cpp's own loader whether it loads a GGUF
// (vocab and tensors, CPU only, no mmap reads beyond the header). Prints "LOADED" or llama.cpp's error lines.
// Build: see testdata/make_loadability_fixtures.py (--oracle). Exit 0 when llama.cpp loads the model.
#include <stdio.h>
#include <string.h>
#include "llama.h"

static void log_errors(enum ggml_log_level level, const char * text, void * user) {
    (void) user;
    if (level == GGML_LOG_LEVEL_ERROR || level == GGML_LOG_LEVEL_WARN) fputs(text, stdout);
}

int main(int argc, char ** argv) {
    if (argc != 2) { fprintf(stderr, "usage: llama_load MODEL.gguf\n"); return 64; }
    llama_log_set(log_errors, NULL);
    llama_backend_init();
    struct llama_model_params params = llama_model_default_params();
    params.vocab_only = false;
    params.n_gpu_layers = 0;
    struct llama_model * model = llama_model_load_from_file(argv[1], params);
    if (model == NULL) { printf("REFUSED\n"); return 1; }
    printf("LOADED\n");
    llama_model_free(model);
    llama_backend_free();
    return 0;
}
