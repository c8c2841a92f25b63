/*
 * One direction of one recurrent layer over a whole sequence, in one call: per step the
 * recurrent product of the whole batch (gemm), then the gate maths fused over the units
 * (docs/spec.md "Equations"). Two ways to the input projection x·W + b:
 * - projected: computed before the call, as one gemm over all batch*time rows (xp, rows
 *   b*time + t), or looked up in a projected embedding table; the step adds it to h·U + rb.
 * - fused (LSTM and SimpleRNN on input rows, input_size > 0): each step's one product runs over
 *   the stacked weights [W; U] with the step's input rows and h as its two sources
 *   (gemm-two-source.c), from the summed bias b + rb. No projection is stored and re-read.
 *
 * Padding (docs/spec.md "Padding"): a step whose mask byte is 0 leaves that example's state
 * unchanged and writes zeros to the sequence output (paddedOutputs 'zero'; for 'previous' the
 * session then copies earlier outputs over them, src/engine/padded-outputs.ts). Because padded steps change nothing, the reverse direction may simply walk
 * t = time-1 .. 0: with lengths it effectively starts at length-1.
 *
 * The job is a block of 4-byte fields written by src/engine/recurrent-job.ts; keep the order.
 * (24 fields)
 */
#include "activations.h"
#include "gate-pairs.h"
#include "gemm-two-source.h"
#include "gemm.h"

enum { CELL_SIMPLE_RNN = 0, CELL_LSTM = 1, CELL_GRU = 2 };

typedef struct {
  int cell;
  int batch;
  int time;
  int units;
  int reverse;
  int reset_after;
  const float* xp;        /* [batch*time, gates*units]; fused: the input rows [batch*time,
                           * input_size] */
  const float* kernel_r;  /* [units, gates*units] in panels (gemm.h); fused: [W; U] stacked,
                           * [input_size + units, gates*units]; GRU without resetAfter:
                           * z|r columns [units, 2*units] then h columns [units, units], each
                           * packed on its own (kernel_rh) */
  const float* kernel_rh;
  const float* rbias;     /* [gates*units] or 0; fused: bias + recurrent bias, or 0 */
  const float* peephole;  /* [3*units] i, f, o, or 0 */
  float* h;               /* [batch, units], in: initial, out: final */
  float* c;               /* [batch, units] (lstm) */
  float* out;             /* [batch*time rows of out_stride] (already offset), or 0 */
  int out_stride;
  const unsigned char* mask; /* [batch*time], 1 = real, or 0 when every step is real */
  float* scratch;         /* [batch, gates*units] + [batch, units] */
  Activation act;
  Activation rec_act;
  int input_size;         /* > 0: fused (LSTM, SimpleRNN); 0: xp is the projection */
} RecurrentJob;

/*
 * The row kernels are written once as always-inline bodies over two activation functions, then
 * instantiated twice: with the default sigmoid gates and tanh cell (inlined, no dispatch in the
 * loop) and with any activation (a switch per vector). Profiles showed the generic dispatch
 * costing a quarter of an LSTM batch run.
 */
#define INLINE static inline __attribute__((always_inline))
typedef f4 (*ActFn)(f4 x, Activation a);
/* One out-of-line copy of the dispatching activation, so the generic instances stay small. */
static __attribute__((noinline)) f4 activate_any(f4 x, Activation a) { return f4_activate(x, a); }
INLINE f4 act_generic(f4 x, Activation a) { return activate_any(x, a); }
INLINE f4 act_sigmoid(f4 x, Activation a) { (void)a; return f4_sigmoid(x); }
INLINE f4 act_tanh(f4 x, Activation a) { (void)a; return f4_tanh(x); }

INLINE void simple_rnn_row_t(const RecurrentJob* job, const float* xp, const float* rec, float* h,
                             ActFn act) {
  const int u = job->units;
  for (int j = 0; j < u; j += 4) {
    const int n = u - j;
    const f4 pre = xp ? wasm_f32x4_add(f4_load_n(xp + j, n), f4_load_n(rec + j, n))
                      : f4_load_n(rec + j, n);
    f4_store_n(h + j, act(pre, job->act), n);
  }
}

INLINE void lstm_row_t(const RecurrentJob* job, const float* xp, const float* rec, float* h,
                      float* c, ActFn gate_act, ActFn act, int from) {
  const int u = job->units;
  const float* p = job->peephole;
  for (int j = from; j < u; j += 4) {
    const int n = u - j;
#define PRE(g)                                                                                    \
  (xp ? wasm_f32x4_add(f4_load_n(xp + (g) * u + j, n), f4_load_n(rec + (g) * u + j, n))         \
      : f4_load_n(rec + (g) * u + j, n))
    const f4 c0 = f4_load_n(c + j, n);
    f4 pi = PRE(0), pf = PRE(1), pc = PRE(2), po = PRE(3);
#undef PRE
    if (p) {
      pi = wasm_f32x4_add(pi, wasm_f32x4_mul(f4_load_n(p + j, n), c0));
      pf = wasm_f32x4_add(pf, wasm_f32x4_mul(f4_load_n(p + u + j, n), c0));
    }
    const f4 i = gate_act(pi, job->rec_act);
    const f4 f = gate_act(pf, job->rec_act);
    const f4 g = act(pc, job->act);
    const f4 c1 = wasm_f32x4_add(wasm_f32x4_mul(f, c0), wasm_f32x4_mul(i, g));
    /* The output gate's peephole sees the new cell (ONNX). */
    if (p) po = wasm_f32x4_add(po, wasm_f32x4_mul(f4_load_n(p + 2 * u + j, n), c1));
    const f4 o = gate_act(po, job->rec_act);
    f4_store_n(c + j, c1, n);
    f4_store_n(h + j, wasm_f32x4_mul(o, act(c1, job->act)), n);
  }
}

/* GRU without resetAfter, after z and r are in rec[0:u] and rec[u:2u] (activated, gru_gates)
 * and rec[2u:3u] holds the h-gate product (r*h)·Uh + rbh. */
INLINE void gru_row_t(const RecurrentJob* job, const float* xp, const float* rec, float* h,
                     ActFn act) {
  const int u = job->units;
  for (int j = 0; j < u; j += 4) {
    const int n = u - j;
    const f4 z = f4_load_n(rec + j, n);
    const f4 xh = f4_load_n(xp + 2 * u + j, n);
    const f4 rh = f4_load_n(rec + 2 * u + j, n);
    const f4 candidate = act(wasm_f32x4_add(xh, rh), job->act);
    const f4 h0 = f4_load_n(h + j, n);
    /* h' = z*h + (1-z)*h~ */
    const f4 h1 = wasm_f32x4_add(wasm_f32x4_mul(z, h0),
                                 wasm_f32x4_mul(wasm_f32x4_sub(SPLAT(1.0f), z), candidate));
    f4_store_n(h + j, h1, n);
  }
}

/* resetAfter (the default GRU): z, r and the new h in one pass over the units, since r only
 * scales h·Uh + rbh, which the one recurrent product already gave. The two-pass form stored z|r
 * and read them back (a fifth of the GRU LM token's gate time); every value is computed by
 * the same operations in the same order, so the bits are the same. */
INLINE void gru_reset_after_row_t(const RecurrentJob* job, const float* xp, const float* rec,
                                  float* h, ActFn gate_act, ActFn act) {
  const int u = job->units;
  for (int j = 0; j < u; j += 4) {
    const int n = u - j;
    const f4 z = gate_act(wasm_f32x4_add(f4_load_n(xp + j, n), f4_load_n(rec + j, n)), job->rec_act);
    const f4 r =
        gate_act(wasm_f32x4_add(f4_load_n(xp + u + j, n), f4_load_n(rec + u + j, n)), job->rec_act);
    const f4 xh = f4_load_n(xp + 2 * u + j, n);
    const f4 rh = f4_load_n(rec + 2 * u + j, n);
    const f4 candidate = act(wasm_f32x4_add(xh, wasm_f32x4_mul(r, rh)), job->act);
    const f4 h0 = f4_load_n(h + j, n);
    const f4 h1 = wasm_f32x4_add(wasm_f32x4_mul(z, h0),
                                 wasm_f32x4_mul(wasm_f32x4_sub(SPLAT(1.0f), z), candidate));
    f4_store_n(h + j, h1, n);
  }
}

/* Without resetAfter, before the h-gate product: z and r of one row, rec[0:2u] <-
 * activation(xp + rec), and rh = r*h, the product's input. */
INLINE void gru_gates_t(const RecurrentJob* job, const float* xp, float* rec, const float* h,
                       float* rh, ActFn gate_act) {
  const int u = job->units;
  for (int j = 0; j < 2 * u; j += 4) {
    const int n = 2 * u - j;
    const f4 pre = wasm_f32x4_add(f4_load_n(xp + j, n), f4_load_n(rec + j, n));
    f4_store_n(rec + j, gate_act(pre, job->rec_act), n);
  }
  for (int j = 0; j < u; j += 4) {
    const int n = u - j;
    f4_store_n(rh + j, wasm_f32x4_mul(f4_load_n(rec + u + j, n), f4_load_n(h + j, n)), n);
  }
}

static int default_gates(const RecurrentJob* job) { return job->rec_act.code == ACT_SIGMOID; }
static int default_cell(const RecurrentJob* job) { return job->act.code == ACT_TANH; }

/* xp = 0 in a fused run: rec already holds the whole pre-activation. (Instances with a literal
 * 0, folding the choice per vector away, measured no faster and cost 3 KB of code.) */
static void simple_rnn_row(const RecurrentJob* job, const float* xp, const float* rec, float* h) {
  if (default_cell(job))
    simple_rnn_row_t(job, xp, rec, h, act_tanh);
  else
    simple_rnn_row_t(job, xp, rec, h, act_generic);
}

/* The common LSTM (sigmoid gates, tanh, no peepholes) in a fused run: two unit quads per
 * iteration through the paired gates (gate-pairs.h says why); the same operations per lane as
 * lstm_row_t, so the same bits. Returns where lstm_row_t takes over (the last 1-7 units). */
static int lstm_row_paired(const RecurrentJob* job, const float* rec, float* h, float* c) {
  const int u = job->units;
  int j = 0;
  for (; j + 8 <= u; j += 8) {
#define PAIR(g) wasm_v128_load(rec + (g) * u + j), wasm_v128_load(rec + (g) * u + j + 4)
    f4 i0, i1, f0, f1, g0, g1, o0, o1, t0, t1;
    f4_sigmoid2(PAIR(0), &i0, &i1);
    f4_sigmoid2(PAIR(1), &f0, &f1);
    f4_tanh2(PAIR(2), &g0, &g1);
    f4_sigmoid2(PAIR(3), &o0, &o1);
#undef PAIR
    const f4 c0 = wasm_f32x4_add(wasm_f32x4_mul(f0, wasm_v128_load(c + j)), wasm_f32x4_mul(i0, g0));
    const f4 c1 =
        wasm_f32x4_add(wasm_f32x4_mul(f1, wasm_v128_load(c + j + 4)), wasm_f32x4_mul(i1, g1));
    wasm_v128_store(c + j, c0);
    wasm_v128_store(c + j + 4, c1);
    f4_tanh2(c0, c1, &t0, &t1);
    wasm_v128_store(h + j, wasm_f32x4_mul(o0, t0));
    wasm_v128_store(h + j + 4, wasm_f32x4_mul(o1, t1));
  }
  return j;
}

static void lstm_row(const RecurrentJob* job, const float* xp, const float* rec, float* h,
                     float* c) {
  if (default_gates(job) && default_cell(job)) {
    const int from = !xp && !job->peephole ? lstm_row_paired(job, rec, h, c) : 0;
    lstm_row_t(job, xp, rec, h, c, act_sigmoid, act_tanh, from);
  } else {
    lstm_row_t(job, xp, rec, h, c, act_generic, act_generic, 0);
  }
}

static void gru_row(const RecurrentJob* job, const float* xp, const float* rec, float* h) {
  if (default_cell(job))
    gru_row_t(job, xp, rec, h, act_tanh);
  else
    gru_row_t(job, xp, rec, h, act_generic);
}

static void gru_reset_after_row(const RecurrentJob* job, const float* xp, const float* rec,
                                float* h) {
  if (default_gates(job) && default_cell(job))
    gru_reset_after_row_t(job, xp, rec, h, act_sigmoid, act_tanh);
  else
    gru_reset_after_row_t(job, xp, rec, h, act_generic, act_generic);
}

static void gru_gates(const RecurrentJob* job, const float* xp, float* rec, const float* h,
                      float* rh) {
  if (default_gates(job))
    gru_gates_t(job, xp, rec, h, rh, act_sigmoid);
  else
    gru_gates_t(job, xp, rec, h, rh, act_generic);
}

static inline int is_real(const RecurrentJob* job, int b, int t) {
  return job->mask == 0 || job->mask[b * job->time + t] != 0;
}

static int gate_columns(const RecurrentJob* job) {
  return (job->cell == CELL_LSTM ? 4 : job->cell == CELL_GRU ? 3 : 1) * job->units;
}

/* The state update of examples [from, to) at step t, from the pre-activations in rec. */
static void update_rows(const RecurrentJob* job, int t, int from, int to, const float* rec) {
  const int u = job->units, gu = gate_columns(job), time = job->time;
  for (int b = from; b < to; b++) {
    float* out = job->out ? job->out + (b * time + t) * job->out_stride : 0;
    if (!is_real(job, b, t)) {
      if (out)
        for (int j = 0; j < u; j++) out[j] = 0.0f;
      continue;
    }
    const float* xp = job->input_size > 0 ? 0 : job->xp + (b * time + t) * gu;
    float* h = job->h + b * u;
    if (job->cell == CELL_LSTM)
      lstm_row(job, xp, rec + b * gu, h, job->c + b * u);
    else if (job->cell == CELL_GRU && job->reset_after)
      gru_reset_after_row(job, xp, rec + b * gu, h);
    else if (job->cell == CELL_GRU)
      gru_row(job, xp, rec + b * gu, h);
    else
      simple_rnn_row(job, xp, rec + b * gu, h);
    if (out)
      for (int j = 0; j < u; j++) out[j] = h[j];
  }
}

__attribute__((export_name("recurrent_run"))) void recurrent_run(const RecurrentJob* job) {
  const int batch = job->batch, time = job->time, u = job->units;
  const int gu = gate_columns(job);
  float* rec = job->scratch;
  float* rh = job->scratch + batch * gu;
  const int in = job->input_size;
  for (int step = 0; step < time; step++) {
    const int t = job->reverse ? time - 1 - step : step;
    if (in > 0) {
      /* Fused, four examples at a time: each block's product (rows b*time + t of the input,
       * time*in floats apart, then their h; see the top) and its state update right after,
       * while its pre-activations are in L1. A block reads only its own rows of h. */
      for (int b = 0; b < batch; b += 4) {
        const int m = batch - b < 4 ? batch - b : 4;
        gemm_two(rec + b * gu, gu, job->xp + (b * time + t) * in, time * in, in, job->h + b * u,
                 u, u, m, job->kernel_r, gu, job->rbias);
        update_rows(job, t, b, b + m, rec);
      }
      continue;
    }
    if (job->cell == CELL_GRU && !job->reset_after) {
      gemm(rec, gu, job->h, u, batch, u, job->kernel_r, 2 * u, job->rbias);
      for (int b = 0; b < batch; b++)
        gru_gates(job, job->xp + (b * time + t) * gu, rec + b * gu, job->h + b * u, rh + b * u);
      gemm(rec + 2 * u, gu, rh, u, batch, u, job->kernel_rh, u,
           job->rbias ? job->rbias + 2 * u : 0);
    } else {
      gemm(rec, gu, job->h, u, batch, u, job->kernel_r, gu, job->rbias);
    }
    update_rows(job, t, 0, batch, rec);
  }
}
