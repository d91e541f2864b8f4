// feed_mechanisms: the ways a whole-file pass can get a cached file's bytes, timed on one thread with a
// memory-speed stand-in for the kernel (four independent 64-bit lanes, ~XXH3's cost per byte or less).
// Built and run by benchmarks/feed_paths.sh; also `evict FILE` drops FILE's cached pages (posix_fadvise).
//
// Usage: feed_mechanisms FILE MODE [CHUNK [KERNEL]]
//   MODE mmap | mmap-seq | populate | populate-read | populate-ahead | hugepage | pread | evict
//        (populate-ahead: a helper thread runs MADV_POPULATE_READ on the step after the one being consumed)
//   CHUNK bytes per step (mapped modes: the step released behind with MADV_DONTNEED, as the scan does;
//         pread: the reused buffer), default 4 MiB
//   KERNEL lanes (default: the stand-in) | xxh3 (the AVX2 stripe loop of Sources/CWeightKernels/xxh3_avx2.c,
//         compiled in with -I Sources/CWeightKernels; each step's whole stripes, as the digest lane feeds it)
// Prints: MODE CHUNK WALL_SECONDS CPU_SECONDS
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "xxh3_avx2.c"
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

static double wall(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static double cpu(void) {
    struct rusage u; getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec * 1e-6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec * 1e-6;
}
static uint64_t xxh3_acc[8];
static size_t xxh3_stripe;
static uint8_t xxh3_secret[192];
static int use_xxh3;

static uint64_t lanes(const uint8_t *p, size_t n) {
    uint64_t a = 0, b = 0, c = 0, d = 0, w[4];
    size_t i = 0;
    for (; i + 32 <= n; i += 32) { memcpy(w, p + i, 32); a += w[0]; b ^= w[1]; c += w[2]; d ^= w[3]; }
    for (; i < n; i++) a += p[i];
    return a + b + c + d;
}

static uint64_t consume(const uint8_t *p, size_t n) {
    if (!use_xxh3) return lanes(p, n);
    xxh3_stripe = wc_xxh3_stripes_avx2(xxh3_acc, p, n / 64, xxh3_stripe, xxh3_secret);
    return xxh3_acc[0];
}

/// The step a populate-ahead helper is asked to fault in; posted and awaited through a mutex and condition.
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    uint8_t *start;
    size_t length;
    int pending, quit;
} ahead_job;

static void *populate_helper(void *arg) {
    ahead_job *job = arg;
    pthread_mutex_lock(&job->lock);
    for (;;) {
        while (!job->pending && !job->quit) pthread_cond_wait(&job->changed, &job->lock);
        if (job->quit) break;
        uint8_t *p = job->start;
        size_t n = job->length;
        pthread_mutex_unlock(&job->lock);
        madvise(p, n, MADV_POPULATE_READ);
        pthread_mutex_lock(&job->lock);
        job->pending = 0;
        pthread_cond_broadcast(&job->changed);
    }
    pthread_mutex_unlock(&job->lock);
    return NULL;
}

/// Waits for the helper's current step, then posts [p, p + n) (n 0: nothing).
static void ahead_post(ahead_job *job, uint8_t *p, size_t n) {
    pthread_mutex_lock(&job->lock);
    while (job->pending) pthread_cond_wait(&job->changed, &job->lock);
    if (n > 0) { job->start = p; job->length = n; job->pending = 1; pthread_cond_broadcast(&job->changed); }
    pthread_mutex_unlock(&job->lock);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s FILE MODE [CHUNK]\n", argv[0]); return 64; }
    const char *mode = argv[2];
    size_t chunk = argc > 3 ? strtoul(argv[3], NULL, 0) : (4u << 20);
    use_xxh3 = argc > 4 && !strcmp(argv[4], "xxh3");
    for (int i = 0; i < 192; i++) xxh3_secret[i] = (uint8_t)(i * 37 + 11);
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(argv[1]); return 1; }
    if (!strcmp(mode, "evict")) return posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0 ? 0 : 1;
    size_t size = (size_t)st.st_size;
    uint64_t sink = 0;
    double w0 = wall(), c0 = cpu();
    if (!strcmp(mode, "pread")) {
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        uint8_t *buffer = aligned_alloc(4096, (chunk + 4095) / 4096 * 4096);
        for (size_t off = 0; off < size;) {
            ssize_t n = pread(fd, buffer, chunk, (off_t)off);
            if (n <= 0) break;
            sink += consume(buffer, (size_t)n);
            off += (size_t)n;
        }
        free(buffer);
    } else {
        int flags = MAP_PRIVATE | (!strcmp(mode, "populate") ? MAP_POPULATE : 0);
        uint8_t *p = mmap(NULL, size, PROT_READ, flags, fd, 0);
        if (p == MAP_FAILED) { perror("mmap"); return 1; }
        if (!strcmp(mode, "mmap-seq") || !strcmp(mode, "populate-read")) madvise(p, size, MADV_SEQUENTIAL);
        if (!strcmp(mode, "hugepage")) madvise(p, size, MADV_HUGEPAGE);
        int ahead = !strcmp(mode, "populate-ahead");
        ahead_job job = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0, 0};
        pthread_t helper;
        if (ahead) {
            madvise(p, size, MADV_SEQUENTIAL);
            pthread_create(&helper, NULL, populate_helper, &job);
            ahead_post(&job, p, size < chunk ? size : chunk);
        }
        for (size_t off = 0; off < size; off += chunk) {
            size_t n = size - off < chunk ? size - off : chunk;
            if (!strcmp(mode, "populate-read")) madvise(p + off, n, MADV_POPULATE_READ);
            if (ahead) {
                // This step populated (waited for), the next one posted before consuming this one.
                size_t next = off + n, m = size - next < chunk ? size - next : chunk;
                ahead_post(&job, p + next, next < size ? m : 0);
            }
            sink += consume(p + off, n);
            madvise(p + off, n, MADV_DONTNEED);
        }
        if (ahead) {
            ahead_post(&job, NULL, 0);
            pthread_mutex_lock(&job.lock); job.quit = 1; pthread_cond_broadcast(&job.changed); pthread_mutex_unlock(&job.lock);
            pthread_join(helper, NULL);
        }
        munmap(p, size);
    }
    printf("%s %zu %.3f %.3f %d\n", mode, chunk, wall() - w0, cpu() - c0, (int)(sink & 1));
    return 0;
}
