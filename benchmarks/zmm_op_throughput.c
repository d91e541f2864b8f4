// Reciprocal throughput of single 512-bit instructions on this CPU: each timed alone in eight independent chains
// (20 million rounds), in ns per instruction and as a multiple of VPADDD's. What the code-statistics kernels are
// built of costs very differently on a CPU that splits 512-bit operations in two (Zen 4) and one that does not
// (Zen 5); this says which this machine is. No cycle counters needed (none in these VMs). Build and run:
//   clang -O2 -march=x86-64-v4 -mavx512vbmi -mavx512vbmi2 -mavx512vnni -mgfni -mf16c benchmarks/zmm_op_throughput.c \
//     -o /tmp/zmm && /tmp/zmm
// `/tmp/zmm pairs` times instead two instructions interleaved (four chains each) against the two alone: the time of
// a pair over the sum of the two alone is 1.0 where they run on the same pipes and 0.5 where on pipes of their own.
// On a Zen 4 it sorts them in three sets: VPDPBUSD, VPSADBW, GF2P8AFFINEQB, VPMADDWD and FMA share one pair of
// pipes (1.0 among them); shifts and FP adds another (1.0 among them, 0.63–0.70 against the first set); the permutes
// and VPMOVQD take pipes of both (0.82–1.0 against either set), VPERMT2B and VCVTDQ2PD the same ones (1.0).
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
#define T __attribute__((target("avx2,fma,f16c,avx512f,avx512dq,avx512bw,avx512vl,avx512vbmi,avx512vbmi2,avx512vnni,gfni"),noinline))
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define N 20000000L
/* 8 independent chains of op */
#define TP(name, op) T double name(__m512i s){ __m512i a0=s,a1=_mm512_add_epi32(s,s),a2=_mm512_sub_epi32(s,a1),a3=_mm512_xor_si512(s,a1),a4=_mm512_or_si512(a2,s),a5=_mm512_and_si512(a1,a3),a6=_mm512_add_epi8(a4,a5),a7=_mm512_sub_epi8(a2,a6); __m512i c=_mm512_set1_epi32(0x01030507); __asm__("" : "+v"(c)); double t=now(); for(long i=0;i<N;i++){ \
  __asm__ volatile(""::"v"(a0)); a0=op(a0); a1=op(a1); a2=op(a2); a3=op(a3); a4=op(a4); a5=op(a5); a6=op(a6); a7=op(a7);} t=now()-t; \
  __m512i r=_mm512_xor_si512(_mm512_xor_si512(_mm512_xor_si512(a0,a1),_mm512_xor_si512(a2,a3)),_mm512_xor_si512(_mm512_xor_si512(a4,a5),_mm512_xor_si512(a6,a7))); volatile int k=_mm512_cvtsi512_si32(r); (void)k; return t/(N*8.0)*1e9; }
#define ADD(x) _mm512_add_epi32(x,c)
#define PERMT2B(x) _mm512_permutex2var_epi8(x,c,x)
#define PERMB(x) _mm512_permutexvar_epi8(c,x)
#define PERMT2D(x) _mm512_permutex2var_epi32(x,c,x)
#define PERMD(x) _mm512_permutexvar_epi32(c,x)
#define DPBUSD(x) _mm512_dpbusd_epi32(x,c,x)
#define DPWSSD(x) _mm512_dpwssd_epi32(x,c,x)
#define SAD(x) _mm512_sad_epu8(x,c)
#define PSHUFB(x) _mm512_shuffle_epi8(c,x)
#define SHUFPS(x) _mm512_castps_si512(_mm512_shuffle_ps(_mm512_castsi512_ps(x),_mm512_castsi512_ps(c),0x88))
#define PSHUFD(x) _mm512_shuffle_epi32(x,0xB1)
#define SRLI(x) _mm512_srli_epi16(x,4)
#define SRAI(x) _mm512_srai_epi32(x,6)
#define SLLV(x) _mm512_sllv_epi16(x,c)
#define TERN(x) _mm512_ternarylogic_epi32(x,c,x,0xF8)
#define MADDWD(x) _mm512_madd_epi16(x,c)
#define MADDUBS(x) _mm512_maddubs_epi16(x,c)
#define MULLW(x) _mm512_mullo_epi16(x,c)
#define MULLD(x) _mm512_mullo_epi32(x,c)
#define MINUB(x) _mm512_min_epu8(x,c)
#define GF2AFF(x) _mm512_gf2p8affine_epi64_epi8(x,c,0)
#define FMA(x) _mm512_castpd_si512(_mm512_fmadd_pd(_mm512_castsi512_pd(x),_mm512_castsi512_pd(c),_mm512_castsi512_pd(x)))
#define ADDPD(x) _mm512_castpd_si512(_mm512_add_pd(_mm512_castsi512_pd(x),_mm512_castsi512_pd(c)))
#define CVTDQPD(x) _mm512_castpd_si512(_mm512_cvtepi32_pd(_mm512_castsi512_si256(x)))
#define CVTPSPD(x) _mm512_castpd_si512(_mm512_cvtps_pd(_mm512_castps512_ps256(_mm512_castsi512_ps(x))))
#define CVTPHPS(x) _mm512_castps_si512(_mm512_cvtph_ps(_mm512_castsi512_si256(x)))
#define PMOVQD(x) _mm512_castsi256_si512(_mm512_cvtepi64_epi32(x))
#define INS128(x) _mm512_inserti32x4(x,_mm512_castsi512_si128(c),2)
#define ALIGNR(x) _mm512_alignr_epi8(x,c,4)
#define VPSHLDQ(x) _mm512_shldi_epi64(x,c,16)
#define VPOPCNTB(x) _mm512_popcnt_epi8(x)
TP(t_add,ADD) TP(t_permt2b,PERMT2B) TP(t_permb,PERMB) TP(t_permt2d,PERMT2D) TP(t_permd,PERMD) TP(t_dpbusd,DPBUSD) TP(t_dpwssd,DPWSSD) TP(t_sad,SAD) TP(t_pshufb,PSHUFB) TP(t_shufps,SHUFPS) TP(t_pshufd,PSHUFD) TP(t_srli,SRLI) TP(t_srai,SRAI) TP(t_sllv,SLLV) TP(t_tern,TERN) TP(t_maddwd,MADDWD) TP(t_maddubs,MADDUBS) TP(t_mullw,MULLW) TP(t_mulld,MULLD) TP(t_minub,MINUB) TP(t_gf2,GF2AFF) TP(t_fma,FMA) TP(t_addpd,ADDPD) TP(t_cvtdqpd,CVTDQPD) TP(t_cvtpspd,CVTPSPD) TP(t_cvtphps,CVTPHPS) TP(t_pmovqd,PMOVQD) TP(t_ins,INS128) TP(t_alignr,ALIGNR) TP(t_shld,VPSHLDQ)
/* two ops interleaved: four chains of each; ns per pair */
#define TP2(name, opA, opB) T double name(__m512i s){ __m512i a0=s,a1=_mm512_add_epi32(s,s),a2=_mm512_sub_epi32(s,a1),a3=_mm512_xor_si512(s,a1),a4=_mm512_or_si512(a2,s),a5=_mm512_and_si512(a1,a3),a6=_mm512_add_epi8(a4,a5),a7=_mm512_sub_epi8(a2,a6); __m512i c=_mm512_set1_epi32(0x01030507); __asm__("" : "+v"(c)); double t=now(); for(long i=0;i<N/2;i++){ \
  __asm__ volatile(""::"v"(a0)); a0=opA(a0); a1=opB(a1); a2=opA(a2); a3=opB(a3); a4=opA(a4); a5=opB(a5); a6=opA(a6); a7=opB(a7);} t=now()-t; \
  __m512i r=_mm512_xor_si512(_mm512_xor_si512(_mm512_xor_si512(a0,a1),_mm512_xor_si512(a2,a3)),_mm512_xor_si512(_mm512_xor_si512(a4,a5),_mm512_xor_si512(a6,a7))); volatile int k=_mm512_cvtsi512_si32(r); (void)k; return t/(N/2*4.0)*1e9; }
#define PAIR_OPS(X) X(ADD) X(PERMT2B) X(PERMT2D) X(DPBUSD) X(SAD) X(PSHUFD) X(SRLI) X(GF2AFF) X(FMA) X(ADDPD) X(CVTDQPD) X(PMOVQD) X(MADDWD)
#define PAIR_ROW(A) TP2(p_##A##_ADD,A,ADD) TP2(p_##A##_PERMT2B,A,PERMT2B) TP2(p_##A##_PERMT2D,A,PERMT2D) TP2(p_##A##_DPBUSD,A,DPBUSD) TP2(p_##A##_SAD,A,SAD) TP2(p_##A##_PSHUFD,A,PSHUFD) TP2(p_##A##_SRLI,A,SRLI) TP2(p_##A##_GF2AFF,A,GF2AFF) TP2(p_##A##_FMA,A,FMA) TP2(p_##A##_ADDPD,A,ADDPD) TP2(p_##A##_CVTDQPD,A,CVTDQPD) TP2(p_##A##_PMOVQD,A,PMOVQD) TP2(p_##A##_MADDWD,A,MADDWD)
PAIR_OPS(PAIR_ROW)
#define PAIR_ENTRY(A) {#A,{p_##A##_ADD,p_##A##_PERMT2B,p_##A##_PERMT2D,p_##A##_DPBUSD,p_##A##_SAD,p_##A##_PSHUFD,p_##A##_SRLI,p_##A##_GF2AFF,p_##A##_FMA,p_##A##_ADDPD,p_##A##_CVTDQPD,p_##A##_PMOVQD,p_##A##_MADDWD}},
static int pairs(void){ __m512i s=_mm512_set1_epi32(3);
 struct {const char*n; double(*f[13])(__m512i);} L[]={PAIR_OPS(PAIR_ENTRY)};
 double alone[13]; for(int i=0;i<13;i++) alone[i]=L[i].f[i](s)/2;  /* an op with itself: ns per op */
 printf("| pair time / (A alone + B alone) |"); for(int j=0;j<13;j++) printf(" %s |",L[j].n); printf("\n|---|"); for(int j=0;j<13;j++) printf("---:|"); printf("\n");
 for(int i=0;i<13;i++){ printf("| %s |",L[i].n); for(int j=0;j<13;j++) printf(" %.2f |", L[i].f[j](s)/(alone[i]+alone[j])); printf("\n"); }
 return 0; }
int main(int argc, char **argv){ if(argc>1 && argv[1][0]=='p') return pairs(); __m512i s=_mm512_set1_epi32(3); double base=t_add(s);
 struct {const char*n; double(*f)(__m512i);} L[]={{"add",t_add},{"permt2b",t_permt2b},{"permb",t_permb},{"permt2d",t_permt2d},{"permd",t_permd},{"dpbusd",t_dpbusd},{"dpwssd",t_dpwssd},{"sad",t_sad},{"pshufb",t_pshufb},{"shufps",t_shufps},{"pshufd",t_pshufd},{"srli16",t_srli},{"srai32",t_srai},{"sllv16",t_sllv},{"tern",t_tern},{"maddwd",t_maddwd},{"maddubs",t_maddubs},{"mullw",t_mullw},{"mulld",t_mulld},{"minub",t_minub},{"gf2affine",t_gf2},{"fma",t_fma},{"addpd",t_addpd},{"cvtdq2pd",t_cvtdqpd},{"cvtps2pd",t_cvtpspd},{"cvtph2ps",t_cvtphps},{"pmovqd",t_pmovqd},{"ins128",t_ins},{"alignr",t_alignr},{"shldq",t_shld}};
 printf("| 512-bit op | ns per op (8 independent chains) | × VPADDD |\n|---|---:|---:|\n"); for(unsigned i=0;i<sizeof L/sizeof L[0];i++){ double t=L[i].f(s); printf("| %s | %.3f | %.2f |\n",L[i].n,t,t/base);} }
