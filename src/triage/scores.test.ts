import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCORES_WASM } from './scores.wasm.js';

describe('scoring kernel', () => {
  it('ships the bytes its WebAssembly text assembles to', () => {
    const script = fileURLToPath(new URL('../../scripts/wasm.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('is a valid module with SIMD that exports its memory and loop', () => {
    const module = new WebAssembly.Module(Buffer.from(SCORES_WASM, 'base64'));
    expect(
      WebAssembly.Module.exports(module)
        .map((e) => `${e.kind} ${e.name}`)
        .sort(),
    ).toEqual(['function accumulate', 'memory memory']);
  });
});
