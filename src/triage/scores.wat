;; The inner loop of TwoHeadSoftmax.predictMany: adds each feature's int8 weights, times its value, to the
;; scores of its message. Two doubles per SIMD lane pair, multiplied and added exactly as the plain loop
;; would (no fused multiply-add), in the same order, so the scores are bit for bit the same.
;;
;; Layout (byte offsets into memory, set by the caller):
;;   rows[i] (i32)   weight row of entry i        msgs[i] (i32)  message of entry i
;;   xa[i], xb[i]    (f64) the entry's value times its row's scale in head A and head B (0 = skip)
;;   weights         rows × width int8, head A's classes first, then head B's; 16 bytes of slack after
;;   sa, sb          (f64) scores, per message 8 × groupsA resp. 8 × groupsB (the lanes past a head's
;;                   classes collect whatever follows in the row and are ignored)
(module
  (memory (export "memory") 1)

  ;; acc[0..8) += x * (8 int8 weights at p)
  (func $group (param $p i32) (param $acc i32) (param $x v128)
    (local $lo v128)
    (local $hi v128)
    (local.set $lo (i32x4.extend_low_i16x8_s (v128.load8x8_s (local.get $p))))
    (local.set $hi (i32x4.extend_high_i16x8_s (v128.load8x8_s (local.get $p))))
    (v128.store offset=0 (local.get $acc)
      (f64x2.add (v128.load offset=0 (local.get $acc))
        (f64x2.mul (local.get $x) (f64x2.convert_low_i32x4_s (local.get $lo)))))
    (v128.store offset=16 (local.get $acc)
      (f64x2.add (v128.load offset=16 (local.get $acc))
        (f64x2.mul (local.get $x)
          (f64x2.convert_low_i32x4_s
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $lo) (local.get $lo))))))
    (v128.store offset=32 (local.get $acc)
      (f64x2.add (v128.load offset=32 (local.get $acc))
        (f64x2.mul (local.get $x) (f64x2.convert_low_i32x4_s (local.get $hi)))))
    (v128.store offset=48 (local.get $acc)
      (f64x2.add (v128.load offset=48 (local.get $acc))
        (f64x2.mul (local.get $x)
          (f64x2.convert_low_i32x4_s
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $hi) (local.get $hi)))))))

  ;; scores[m] += x * row, `groups` groups of 8 classes starting at byte p of the row
  (func $head (param $p i32) (param $acc i32) (param $groups i32) (param $x f64)
    (local $xs v128)
    (local.set $xs (f64x2.splat (local.get $x)))
    (loop $next
      (call $group (local.get $p) (local.get $acc) (local.get $xs))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (local.set $acc (i32.add (local.get $acc) (i32.const 64)))
      (br_if $next (local.tee $groups (i32.sub (local.get $groups) (i32.const 1))))))

  (func (export "accumulate")
    (param $n i32) (param $rows i32) (param $msgs i32) (param $xa i32) (param $xb i32)
    (param $weights i32) (param $width i32) (param $classesA i32) (param $groupsA i32) (param $groupsB i32)
    (param $sa i32) (param $sb i32)
    (local $i i32)
    (local $row i32)
    (local $m i32)
    (local $x f64)
    (block $done
      (loop $entry
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row
          (i32.add (local.get $weights)
            (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2))))
              (local.get $width))))
        (local.set $m (i32.load (i32.add (local.get $msgs) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $x (f64.load (i32.add (local.get $xa) (i32.shl (local.get $i) (i32.const 3)))))
        (if (f64.ne (local.get $x) (f64.const 0))
          (then
            (call $head (local.get $row)
              (i32.add (local.get $sa) (i32.mul (local.get $m) (i32.shl (local.get $groupsA) (i32.const 6))))
              (local.get $groupsA) (local.get $x))))
        (local.set $x (f64.load (i32.add (local.get $xb) (i32.shl (local.get $i) (i32.const 3)))))
        (if (f64.ne (local.get $x) (f64.const 0))
          (then
            (call $head (i32.add (local.get $row) (local.get $classesA))
              (i32.add (local.get $sb) (i32.mul (local.get $m) (i32.shl (local.get $groupsB) (i32.const 6))))
              (local.get $groupsB) (local.get $x))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $entry)))))
