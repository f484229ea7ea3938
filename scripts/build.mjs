// Builds the server (esbuild: one JavaScript file per TypeScript file, no bundling) into dist/ and the
// staff app (Vite) into web/dist/. The staff app is rebuilt only when its sources changed, unless --force.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const force = process.argv.includes('--force');

function listTs(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listTs(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function newest(dir) {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }, 0);
}

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: listTs(path.join(root, 'src')),
  outdir: path.join(root, 'dist'),
  outbase: path.join(root, 'src'),
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});

const webOut = path.join(root, 'web/dist/index.html');
const webStale =
  !fs.existsSync(webOut) ||
  Math.max(newest(path.join(root, 'web/src')), fs.statSync(path.join(root, 'web/index.html')).mtimeMs) >
    fs.statSync(webOut).mtimeMs;
if (force || webStale) {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
