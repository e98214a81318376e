/**
 * Measures scrubRequest on OpenAI-shaped bodies with one 1 KB or 100 KB user message of
 * prose and code, clean or with about one PII sentence per KB. Not a test: timing depends on
 * the machine, so each figure is the best of many batches (robust to a busy machine). Run with
 *   npx esbuild gateway/src/guardrails/measure-scrub.ts --bundle --platform=node \
 *     --outfile=/tmp/measure-scrub.cjs && node /tmp/measure-scrub.cjs
 */
import { compileDetectors } from './policy';
import type { PiiMode } from './policy';
import { scrubRequest } from './scrub-request';

const PROSE = 'The quarterly report (v2.4.1, build 2024-05-01) shows revenue up 12.5% to $1,204,330; see ticket ORD-2024-000123 and commit 3f2a9c4e1b7d. ';
const CODE = 'function add(a: number, b: number): number { return a + b; } // TODO: handle NaN at line 42, col 7\nconst url = "https://api.example.com/v1/items?id=550e8400-e29b-41d4-a716-446655440000";\n';
const PII = 'Reach Jane at jane.doe@example.com or +1 415-555-2671; card 4242 4242 4242 4242, key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zCd7. ';

function prompt(bytes: number, withPii: boolean): string {
  let text = '';
  for (let i = 0; text.length < bytes; i += 1) {
    text += i % 2 === 0 ? PROSE : CODE;
    if (withPii && i % 8 === 2) text += PII; // about one per KB
  }
  return text.slice(0, bytes);
}

function bestMicros(run: () => void, batches = 80): number {
  const perBatch = 5;
  for (let i = 0; i < 20; i += 1) run(); // warm up the JIT
  let best = Infinity;
  for (let b = 0; b < batches; b += 1) {
    const started = performance.now();
    for (let i = 0; i < perBatch; i += 1) run();
    best = Math.min(best, ((performance.now() - started) * 1000) / perBatch);
  }
  return best;
}

function measure(label: string, mode: PiiMode, text: string): void {
  const body = { model: 'gpt-4o', messages: [{ role: 'system', content: 'You are helpful.' }, { role: 'user', content: text }] };
  const policy = { mode, detectors: compileDetectors(undefined) };
  const run = (): void => {
    try {
      scrubRequest(body, 'openai', policy);
    } catch {
      // block mode throws once it has found something; that is the work being measured
    }
  };
  const us = bestMicros(run);
  console.log(`${label.padEnd(26)} ${mode.padEnd(8)} ${us.toFixed(1).padStart(9)} µs/request ${(us / (text.length / 1024)).toFixed(2).padStart(8)} µs/KB`);
}

for (const size of [1024, 100 * 1024]) {
  const kb = `${size / 1024} KB`;
  measure(`${kb} clean`, 'off', prompt(size, false));
  measure(`${kb} clean`, 'redact', prompt(size, false));
  for (const mode of ['redact', 'restore', 'mask', 'block'] as const) measure(`${kb} with PII`, mode, prompt(size, true));
}
