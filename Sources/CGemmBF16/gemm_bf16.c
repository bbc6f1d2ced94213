#include "gemm_bf16.h"
#include <oneapi/dnnl/dnnl.h>
#include <immintrin.h>
#include <cpuid.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void omp_set_num_threads(int);

// One engine for the process; a stream and a cache of primitives per calling thread,
// so that the engine's workers never share mutable oneDNN state.
static dnnl_engine_t engine;
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;
static void make_engine(void) { dnnl_engine_create(&engine, dnnl_cpu, 0); }

typedef struct {
    int transA, transB;
    long m, n, k, ldc;
    float alpha, beta;
    dnnl_primitive_t primitive;
    dnnl_memory_t src, weights, dst;
    char impl[48];
} entry;

enum { CACHE = 128 };
static __thread entry cache[CACHE];
static __thread int cached, next_victim;
static __thread dnnl_stream_t stream;
static __thread uint16_t *buffer_a, *buffer_b;
static __thread long capacity_a, capacity_b;
static __thread char last_impl[48] = "none";

const char *ds_gemm_bf16_kernel(void) { return last_impl; }

static int has_avx512bf16(void) {
    static int known = -1;
    if (known < 0) {
        unsigned a, b, c, d;
        __cpuid_count(7, 1, a, b, c, d);
        known = (a >> 5) & 1;
    }
    return known;
}

__attribute__((target("avx512f,avx512bf16,avx512bw,avx512vl")))
static void convert_avx512(const float *s, uint16_t *d, long n) {
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256bh v = _mm512_cvtneps_pbh(_mm512_loadu_ps(s + i));
        _mm256_storeu_si256((__m256i *)(d + i), (__m256i)v);
    }
    for (; i < n; i++) {
        uint32_t u; memcpy(&u, s + i, 4);
        d[i] = (u & 0x7fffffff) > 0x7f800000 ? (uint16_t)((u >> 16) | 0x40) : (uint16_t)((u + 0x7fff + ((u >> 16) & 1)) >> 16);
    }
}

void ds_f32_to_bf16(const float *s, uint16_t *d, long n) {
    if (has_avx512bf16()) { convert_avx512(s, d, n); return; }
    for (long i = 0; i < n; i++) {
        uint32_t u; memcpy(&u, s + i, 4);
        d[i] = (u & 0x7fffffff) > 0x7f800000 ? (uint16_t)((u >> 16) | 0x40) : (uint16_t)((u + 0x7fff + ((u >> 16) & 1)) >> 16);
    }
}

// Packs a rows×cols float matrix (leading dimension ld) into a dense bf16 buffer.
static uint16_t *pack(const float *x, long rows, long cols, long ld, uint16_t **buffer, long *capacity) {
    if (*capacity < rows * cols) {
        free(*buffer);
        *capacity = rows * cols + rows * cols / 4;
        *buffer = aligned_alloc(64, (size_t)((*capacity * 2 + 63) / 64 * 64));
        if (!*buffer) { *capacity = 0; return NULL; }
    }
    if (ld == cols) ds_f32_to_bf16(x, *buffer, rows * cols);
    else for (long r = 0; r < rows; r++) ds_f32_to_bf16(x + r * ld, *buffer + r * cols, cols);
    return *buffer;
}

static dnnl_status_t make(entry *e) {
    dnnl_memory_desc_t ad, bd, cd;
    dnnl_dims_t da = {e->m, e->k}, db = {e->k, e->n}, dc = {e->m, e->n};
    // The packed buffers are dense in their stored layout; a transposition is a stride.
    dnnl_dims_t sa = {e->transA ? 1 : e->k, e->transA ? e->m : 1};
    dnnl_dims_t sb = {e->transB ? 1 : e->n, e->transB ? e->k : 1};
    dnnl_dims_t sc = {e->ldc, 1};
    dnnl_status_t s;
    if ((s = dnnl_memory_desc_init_by_strides(&ad, 2, da, dnnl_bf16, sa))) return s;
    if ((s = dnnl_memory_desc_init_by_strides(&bd, 2, db, dnnl_bf16, sb))) return s;
    if ((s = dnnl_memory_desc_init_by_strides(&cd, 2, dc, dnnl_f32, sc))) return s;
    dnnl_matmul_desc_t md;
    if ((s = dnnl_matmul_desc_init(&md, &ad, &bd, NULL, &cd))) return s;
    dnnl_primitive_attr_t attr;
    if ((s = dnnl_primitive_attr_create(&attr))) return s;
    if (e->alpha != 1) dnnl_primitive_attr_set_output_scales(attr, 1, 0, &e->alpha);
    if (e->beta != 0) {
        dnnl_post_ops_t po;
        dnnl_post_ops_create(&po);
        dnnl_post_ops_append_sum(po, e->beta);
        dnnl_primitive_attr_set_post_ops(attr, po);
        dnnl_post_ops_destroy(po);
    }
    dnnl_primitive_desc_t pd;
    s = dnnl_primitive_desc_create(&pd, &md, attr, engine, NULL);
    dnnl_primitive_attr_destroy(attr);
    if (s) return s;
    const char *impl = "?";
    dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl);
    strncpy(e->impl, impl ? impl : "?", sizeof e->impl - 1);
    s = dnnl_primitive_create(&e->primitive, pd);
    dnnl_primitive_desc_destroy(pd);  // the primitive keeps its own copy
    if (s) return s;
    if ((s = dnnl_memory_create(&e->src, &ad, engine, DNNL_MEMORY_NONE))) return s;
    if ((s = dnnl_memory_create(&e->weights, &bd, engine, DNNL_MEMORY_NONE))) return s;
    return dnnl_memory_create(&e->dst, &cd, engine, DNNL_MEMORY_NONE);
}

static void release(entry *e) {
    if (e->primitive) dnnl_primitive_destroy(e->primitive);
    if (e->src) dnnl_memory_destroy(e->src);
    if (e->weights) dnnl_memory_destroy(e->weights);
    if (e->dst) dnnl_memory_destroy(e->dst);
    memset(e, 0, sizeof *e);
}

int ds_gemm_bf16(int transA, int transB, long m, long n, long k, float alpha,
                 const float *a, long lda, const float *b, long ldb, float beta, float *c, long ldc) {
    pthread_once(&engine_once, make_engine);
    if (!engine) return dnnl_runtime_error;
    omp_set_num_threads(1);
    dnnl_status_t s;
    if (!stream && (s = dnnl_stream_create(&stream, engine, dnnl_stream_default_flags))) return s;
    entry *e = NULL;
    for (int i = 0; i < cached; i++) {
        entry *x = &cache[i];
        if (x->m == m && x->n == n && x->k == k && x->ldc == ldc && x->transA == transA && x->transB == transB
            && x->alpha == alpha && x->beta == beta) { e = x; break; }
    }
    if (!e) {
        if (cached < CACHE) e = &cache[cached++];
        else { e = &cache[next_victim]; next_victim = (next_victim + 1) % CACHE; release(e); }
        *e = (entry){.transA = transA, .transB = transB, .m = m, .n = n, .k = k, .ldc = ldc, .alpha = alpha, .beta = beta};
        if ((s = make(e))) { release(e); return s; }
    }
    uint16_t *pa = pack(a, transA ? k : m, transA ? m : k, lda, &buffer_a, &capacity_a);
    uint16_t *pb = pack(b, transB ? n : k, transB ? k : n, ldb, &buffer_b, &capacity_b);
    if (!pa || !pb) return dnnl_out_of_memory;
    dnnl_memory_set_data_handle(e->src, pa);
    dnnl_memory_set_data_handle(e->weights, pb);
    dnnl_memory_set_data_handle(e->dst, c);
    dnnl_exec_arg_t args[3] = {{DNNL_ARG_SRC, e->src}, {DNNL_ARG_WEIGHTS, e->weights}, {DNNL_ARG_DST, e->dst}};
    memcpy(last_impl, e->impl, sizeof last_impl);
    return dnnl_primitive_execute(e->primitive, stream, 3, args);
}
