// Summarises a V8 sampling heap profile (HeapProfiler.stopSampling, every allocation sampled,
// collected or not; see preload/alloc-sampler.mjs): bytes allocated per request by function,
// with bundle positions mapped back to gateway/src like cpuprofile.mjs does.
//   node bench/lib/heapprofile.mjs FILE.heapprofile REQUESTS [bundle.js.map]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { categoryOf, loadSourceMaps, locate } from './cpuprofile.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `requests`: how many requests the sampled stretch served, so figures are bytes per request. */
export function summariseAllocations(profileFile, { requests, mapFiles = [path.join(root, 'out/gateway/cli.js.map')], top = 25 }) {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
  const maps = loadSourceMaps(mapFiles);
  const self = new Map();
  const inclusive = new Map();
  const byGatewayFrame = new Map();
  const byCategory = new Map();
  const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
  let total = 0;
  // Depth-first with an explicit stack of [node, frames above it, nearest gateway frame].
  const pending = [[profile.head, [], undefined]];
  while (pending.length > 0) {
    const [node, above, owner] = pending.pop();
    const frame = node.callFrame;
    const where = locate(frame, maps);
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${where.file}:${where.line}`;
    const stack = [...above, key];
    const gateway = where.file.startsWith('gateway/src/') ? key : owner;
    const bytes = node.selfSize;
    if (bytes > 0) {
      total += bytes;
      add(self, key, bytes);
      add(byCategory, categoryOf(name, where.file), bytes);
      add(byGatewayFrame, gateway ?? '(no gateway frame on the stack: Node/undici/HTTP internals)', bytes);
      for (const seen of new Set(stack)) add(inclusive, seen, bytes);
    }
    for (const child of node.children) pending.push([child, stack, gateway]);
  }
  const rank = (map) =>
    [...map.entries()]
      .filter(([key]) => key !== '(root) :0')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, bytes]) => ({ key, bytesPerRequest: Math.round(bytes / requests), pct: Math.round((bytes / total) * 1000) / 10 }));
  return {
    file: profileFile,
    requests,
    totalMb: Math.round(total / 1e5) / 10,
    bytesPerRequest: Math.round(total / requests),
    self: rank(self),
    inclusiveGateway: rank(new Map([...inclusive.entries()].filter(([key]) => key.includes(' gateway/src/')))),
    byGatewayFrame: rank(byGatewayFrame),
    byCategory: rank(byCategory),
  };
}

export function allocationMarkdown(summary, title) {
  const table = (rows, head) => [`| ${head} | bytes/request | % |`, '|---|---:|---:|', ...rows.map((r) => `| \`${r.key}\` | ${r.bytesPerRequest.toLocaleString('en-US')} | ${r.pct} |`)].join('\n');
  return `### ${title}
${summary.totalMb} MB allocated over ${summary.requests.toLocaleString('en-US')} requests: **${summary.bytesPerRequest.toLocaleString('en-US')} bytes per request**. Sampled, so small rows are estimates.

**Allocated by function** (self; what a function allocates itself, inlined callees and builtins such as JSON.parse included)
${table(summary.self, 'function file:line')}

**Allocated under each gateway/src function** (callees included)
${table(summary.inclusiveGateway, 'function file:line')}

**Charged to the nearest gateway/src frame** (Node and library allocations billed to the gateway function that called them)
${table(summary.byGatewayFrame, 'nearest gateway frame')}

**By owner**
${table(summary.byCategory, 'owner')}
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [file, requests, map] = process.argv.slice(2);
  if (!file || !requests) {
    process.stderr.write('usage: node bench/lib/heapprofile.mjs FILE.heapprofile REQUESTS [bundle.js.map]\n');
    process.exit(2);
  }
  process.stdout.write(allocationMarkdown(summariseAllocations(file, { requests: Number(requests), ...(map ? { mapFiles: [map] } : {}) }), path.basename(file)));
}
