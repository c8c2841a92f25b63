;; The LSTM cell update of lstm-cell-kernel.ts in WebAssembly SIMD, for tfjs-wasm: it imports
;; tfjs-wasm's own memory and reads and writes tensors where they lie (addresses from getMemoryOffset).
;; Compiled to lstm-cell-wasm.ts by scripts/compile-wat.mjs; why it exists: simd-lstm-cell.ts.
;;
;; lstm_cell(gates, c, x, hasX, h, cNext, next, batch, units, inputSize), units a multiple of 4:
;;   gates  [batch, 4*units] batch-major, after the sigmoid, Keras order i, f, c̃, o, the
;;          candidate's block holding sigmoid(2x) (so tanh(x) = 2*sigmoid(2x) - 1)
;;   c      [units, batch] feature-major
;;   x      [batch, inputSize]: the next step's inputs (read only when hasX is not 0)
;; writes   h, cNext [units, batch] feature-major and next [batch, inputSize + units] = [x | h'].
;;
;; Four units of one example at a time: gates and next are contiguous along units, c, h and
;; cNext stride by batch (lane loads and stores). tanh(c') = 1 - 2 / (e + 1) with e = 2^t,
;; t = 2*c'*log2(e): t = k + r (k = nearest integer, |r| <= 1/2), 2^k built in the exponent bits,
;; 2^r = e^(r ln 2) from its Taylor series to degree 7 (truncation < 6e-9 relative, under float32
;; rounding). t is clamped to [-125, 125], where tanh is already ±1 in float32; NaN stays NaN
;; (wasm's min and max propagate it).
(module
  (import "env" "memory" (memory 1))
  (func (export "lstm_cell")
    (param $gates i32) (param $c i32) (param $x i32) (param $hasX i32)
    (param $h i32) (param $cNext i32) (param $next i32)
    (param $batch i32) (param $units i32) (param $inputSize i32)
    (local $b i32) (local $j i32)
    (local $gateRow i32) (local $nextRow i32) (local $at i32) (local $unitBytes i32)
    (local $stride i32) (local $inputBytes i32) (local $rowBytes i32)
    (local $prevC v128) (local $cell v128) (local $t v128) (local $k v128) (local $r v128)
    (local $e v128) (local $hidden v128)
    (local.set $unitBytes (i32.shl (local.get $units) (i32.const 2)))
    (local.set $stride (i32.shl (local.get $batch) (i32.const 2)))
    (local.set $inputBytes (i32.shl (local.get $inputSize) (i32.const 2)))
    (local.set $rowBytes (i32.add (local.get $inputBytes) (local.get $unitBytes)))
    (local.set $b (i32.const 0))
    (block $examplesDone
      (loop $examples
        (br_if $examplesDone (i32.ge_u (local.get $b) (local.get $batch)))
        ;; next[b] = [x[b] | h'[b]]: the inputs part first.
        (local.set $nextRow (i32.add (local.get $next) (i32.mul (local.get $b) (local.get $rowBytes))))
        (if (local.get $hasX)
          (then
            (memory.copy (local.get $nextRow)
              (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $inputBytes)))
              (local.get $inputBytes)))
          (else
            (memory.fill (local.get $nextRow) (i32.const 0) (local.get $inputBytes))))
        (local.set $nextRow (i32.add (local.get $nextRow) (local.get $inputBytes)))
        (local.set $gateRow
          (i32.add (local.get $gates) (i32.mul (local.get $b) (i32.shl (local.get $unitBytes) (i32.const 2)))))
        (local.set $j (i32.const 0))
        (block $unitsDone
          (loop $units
            (br_if $unitsDone (i32.ge_u (local.get $j) (local.get $units)))
            ;; $at: feature-major byte offset of (unit j, example b); units j+1.. follow at +$stride.
            (local.set $at
              (i32.shl (i32.add (i32.mul (local.get $j) (local.get $batch)) (local.get $b)) (i32.const 2)))
            (local.set $prevC (v128.load32_zero (i32.add (local.get $c) (local.get $at))))
            (local.set $prevC
              (v128.load32_lane 1 (i32.add (local.get $c) (i32.add (local.get $at) (local.get $stride)))
                (local.get $prevC)))
            (local.set $prevC
              (v128.load32_lane 2 (i32.add (local.get $c) (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 2))))
                (local.get $prevC)))
            (local.set $prevC
              (v128.load32_lane 3 (i32.add (local.get $c) (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 3))))
                (local.get $prevC)))
            ;; c' = f*c + i*(2*g - 1)
            (local.set $cell
              (f32x4.add
                (f32x4.mul (v128.load (i32.add (local.get $gateRow) (local.get $unitBytes))) (local.get $prevC))
                (f32x4.mul
                  (v128.load (local.get $gateRow))
                  (f32x4.sub
                    (f32x4.mul (v128.load (i32.add (local.get $gateRow) (i32.shl (local.get $unitBytes) (i32.const 1))))
                      (f32x4.splat (f32.const 2)))
                    (f32x4.splat (f32.const 1))))))
            ;; e = e^(2c') = 2^t
            (local.set $t
              (f32x4.min (f32x4.splat (f32.const 125))
                (f32x4.max (f32x4.splat (f32.const -125))
                  (f32x4.mul (local.get $cell) (f32x4.splat (f32.const 2.8853900817779268))))))
            (local.set $k (f32x4.nearest (local.get $t)))
            (local.set $r (f32x4.sub (local.get $t) (local.get $k)))
            (local.set $e (f32x4.splat (f32.const 1.525273380405984e-5)))     ;; ln2^7/7!
            (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r)) (f32x4.splat (f32.const 1.5403530393381606e-4))))
            (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r)) (f32x4.splat (f32.const 1.3333558146428443e-3))))
            (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r)) (f32x4.splat (f32.const 9.618129107628477e-3))))
            (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r)) (f32x4.splat (f32.const 5.550410866482158e-2))))
            (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r)) (f32x4.splat (f32.const 0.2402265069591007))))
            (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r)) (f32x4.splat (f32.const 0.6931471805599453))))
            (local.set $e (f32x4.add (f32x4.mul (local.get $e) (local.get $r)) (f32x4.splat (f32.const 1))))
            ;; times 2^k: (k + 127) << 23 is the float32 2^k
            (local.set $e
              (f32x4.mul (local.get $e)
                (i32x4.shl
                  (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (i32x4.splat (i32.const 127)))
                  (i32.const 23))))
            ;; h' = o * tanh(c') = o * (1 - 2 / (e + 1))
            (local.set $hidden
              (f32x4.mul
                (v128.load (i32.add (local.get $gateRow) (i32.mul (local.get $unitBytes) (i32.const 3))))
                (f32x4.sub (f32x4.splat (f32.const 1))
                  (f32x4.div (f32x4.splat (f32.const 2))
                    (f32x4.add (local.get $e) (f32x4.splat (f32.const 1)))))))
            (v128.store (local.get $nextRow) (local.get $hidden))
            (v128.store32_lane 0 (i32.add (local.get $h) (local.get $at)) (local.get $hidden))
            (v128.store32_lane 0 (i32.add (local.get $cNext) (local.get $at)) (local.get $cell))
            (local.set $at (i32.add (local.get $at) (local.get $stride)))
            (v128.store32_lane 1 (i32.add (local.get $h) (local.get $at)) (local.get $hidden))
            (v128.store32_lane 1 (i32.add (local.get $cNext) (local.get $at)) (local.get $cell))
            (local.set $at (i32.add (local.get $at) (local.get $stride)))
            (v128.store32_lane 2 (i32.add (local.get $h) (local.get $at)) (local.get $hidden))
            (v128.store32_lane 2 (i32.add (local.get $cNext) (local.get $at)) (local.get $cell))
            (local.set $at (i32.add (local.get $at) (local.get $stride)))
            (v128.store32_lane 3 (i32.add (local.get $h) (local.get $at)) (local.get $hidden))
            (v128.store32_lane 3 (i32.add (local.get $cNext) (local.get $at)) (local.get $cell))
            ;; the next four units
            (local.set $gateRow (i32.add (local.get $gateRow) (i32.const 16)))
            (local.set $nextRow (i32.add (local.get $nextRow) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $units)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $examples)))))
