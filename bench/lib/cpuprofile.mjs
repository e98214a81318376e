// Summarises a V8 .cpuprofile (from node --cpu-prof): self and inclusive time per function,
// per source file and per category, with bundle positions mapped back to gateway/src through
// the bundle's source map. Usable alone: node bench/lib/cpuprofile.mjs FILE.cpuprofile [bundle.js.map]
import { readFileSync, existsSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function loadSourceMaps(mapFiles) {
  const maps = new Map();
  for (const file of mapFiles) {
    if (!existsSync(file)) continue;
    const payload = JSON.parse(readFileSync(file, 'utf8'));
    const bundle = path.join(path.dirname(file), path.basename(file, '.map'));
    maps.set(`file://${bundle}`, { map: new SourceMap(payload), dir: path.dirname(file) });
  }
  return maps;
}

/** Where a call frame really lives: "gateway/src/x.ts:12", "node_modules/undici/…", "node:internal/…". */
export function locate(frame, maps) {
  const { url, lineNumber, columnNumber } = frame;
  const entry = maps.get(url);
  if (entry && lineNumber >= 0) {
    const found = entry.map.findEntry(lineNumber, columnNumber);
    if (found && found.originalSource) {
      const source = path.relative(root, path.resolve(entry.dir, found.originalSource.replace(/^file:\/\//, '')));
      return { file: source, line: found.originalLine + 1 };
    }
  }
  if (url.startsWith('file://')) return { file: path.relative(root, fileURLToPath(url)), line: lineNumber + 1 };
  return { file: url || '', line: lineNumber + 1 };
}

/** Coarse owner of a file: gateway/src/<dir>, node_modules/<pkg>, node internals, or V8 states. */
export function categoryOf(name, file) {
  if (name === '(garbage collector)' || name === '(idle)' || name === '(program)' || name === '(root)') return name;
  if (file.startsWith('gateway/src/')) return file.split('/').slice(0, 3).join('/');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + 'node_modules/'.length).split('/');
    return `node_modules/${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  if (file.startsWith('node:')) return file.split('/').slice(0, 2).join('/').replace(/\/[^/]*\.js$/, '');
  if (file === '') return '(native / V8 builtins)';
  return file.split('/').slice(0, 2).join('/');
}

/** `skipMs`: leave out the first ms of the profile (start-up and warm-up). */
export function summariseProfile(profileFile, { mapFiles = [path.join(root, 'out/gateway/cli.js.map')], top = 30, skipMs = 0 } = {}) {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
  const maps = loadSourceMaps(mapFiles);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const info = new Map();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    const where = locate(frame, maps);
    const name = frame.functionName || '(anonymous)';
    const category = categoryOf(name, where.file);
    info.set(node.id, { key: `${name} ${where.file}:${where.line}`, name, file: where.file, line: where.line, category });
  }

  // Sample i lasted until sample i+1: attribute timeDeltas[i + 1] to samples[i].
  const { samples, timeDeltas } = profile;
  const self = new Map();
  const inclusive = new Map();
  const byFile = new Map();
  const byCategory = new Map();
  const byGatewayFrame = new Map();
  let total = 0;
  let idle = 0;
  let elapsed = 0;
  let skipped = 0;
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  for (let i = 0; i < samples.length; i += 1) {
    const us = timeDeltas[i + 1] ?? 0;
    elapsed += timeDeltas[i] ?? 0;
    if (elapsed < skipMs * 1000) {
      skipped += 1;
      continue;
    }
    const id = samples[i];
    const leaf = info.get(id);
    total += us;
    if (leaf.name === '(idle)') {
      idle += us;
      continue;
    }
    add(self, leaf.key, us);
    add(byFile, leaf.file || leaf.category, us);
    add(byCategory, leaf.category, us);
    const seen = new Set();
    let owner;
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = info.get(cur);
      if (owner === undefined && frame.file.startsWith('gateway/src/')) owner = frame.key;
      if (seen.has(frame.key)) continue;
      seen.add(frame.key);
      add(inclusive, frame.key, us);
    }
    add(byGatewayFrame, owner ?? (leaf.name.startsWith('(') ? leaf.name : '(no gateway frame on the stack: Node/undici/HTTP internals)'), us);
  }
  const busy = total - idle;
  const longTasks = findLongTasks(profile, info, parent, skipMs);
  const rank = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, us]) => ({ key, ms: Math.round(us / 1000), pct: Math.round((us / busy) * 1000) / 10 }));
  return {
    file: profileFile,
    wallMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    idlePct: Math.round((idle / total) * 1000) / 10,
    samples: samples.length - skipped,
    skippedMs: skipMs,
    self: rank(self, top),
    inclusive: rank(
      new Map([...inclusive.entries()].filter(([key]) => !key.startsWith('(root)') && !key.startsWith('(program)'))),
      top,
    ),
    inclusiveGateway: rank(new Map([...inclusive.entries()].filter(([key]) => key.includes(' gateway/src/'))), top),
    byGatewayFrame: rank(byGatewayFrame, top),
    byFile: rank(byFile, top),
    byCategory: rank(byCategory, top),
    longTasks,
    nodes: nodes.size,
  };
}

/**
 * The longest stretches of consecutive samples under the same bottom frame (one macrotask, or
 * several of the same kind back to back): what holds the event loop. For each, the gateway
 * function with the most samples in it.
 */
function findLongTasks(profile, info, parent, skipMs, top = 12) {
  const rootId = profile.nodes[0].id;
  const bottomOf = new Map();
  const bottom = (id) => {
    if (bottomOf.has(id)) return bottomOf.get(id);
    let cur = id;
    while (parent.get(cur) !== undefined && parent.get(cur) !== rootId) cur = parent.get(cur);
    bottomOf.set(id, cur);
    return cur;
  };
  const tasks = [];
  let current;
  let elapsed = 0;
  const close = () => {
    if (current) tasks.push(current);
    current = undefined;
  };
  for (let i = 0; i < profile.samples.length; i += 1) {
    elapsed += profile.timeDeltas[i] ?? 0;
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (elapsed < skipMs * 1000) continue;
    const id = profile.samples[i];
    const leaf = info.get(id);
    if (leaf.name === '(idle)' || leaf.name === '(program)' || leaf.name === '(garbage collector)') {
      // GC inside a task belongs to it; idle and (program) end it.
      if (leaf.name === '(garbage collector)' && current) current.us += us;
      else close();
      continue;
    }
    const b = bottom(id);
    if (!current || current.bottom !== b) {
      close();
      current = { bottom: b, us: 0, atMs: Math.round(elapsed / 1000), frames: new Map() };
    }
    current.us += us;
    let owner;
    for (let cur = id; cur !== undefined && owner === undefined; cur = parent.get(cur)) {
      const f = info.get(cur);
      if (f.file.startsWith('gateway/src/')) owner = f.key;
    }
    if (owner) current.frames.set(owner, (current.frames.get(owner) ?? 0) + us);
  }
  close();
  return tasks
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((task) => {
      const heaviest = [...task.frames.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2);
      return {
        ms: Math.round(task.us / 100) / 10,
        atMs: task.atMs,
        entry: info.get(task.bottom).key,
        gateway: heaviest.map(([key, us]) => `${key} (${Math.round(us / 100) / 10} ms)`).join('; '),
      };
    });
}

/** Markdown tables of a summary (percentages are of busy, i.e. non-idle, time). */
export function summaryMarkdown(summary, title) {
  const table = (rows, head) => [`| ${head} | ms | % busy |`, '|---|---:|---:|', ...rows.map((r) => `| \`${r.key}\` | ${r.ms} | ${r.pct} |`)].join('\n');
  return `### ${title}
${summary.samples} samples, ${summary.wallMs} ms wall, ${summary.busyMs} ms busy (${summary.idlePct}% idle)${summary.skippedMs ? `; the first ${Math.round(summary.skippedMs)} ms (start-up, warm-up) left out` : ''}. Percentages are of busy time.

**Self time by function** (bundle positions mapped to source)
${table(summary.self, 'function file:line')}

**Inclusive time by function** (time with the function anywhere on the stack)
${table(summary.inclusive, 'function file:line')}

**Inclusive time, gateway/src functions only** (what each step of the pipeline costs, callees included)
${table(summary.inclusiveGateway, 'function file:line')}

**Time charged to the nearest gateway/src frame** (library and Node time billed to the gateway function that called it)
${table(summary.byGatewayFrame, 'nearest gateway frame')}

**Longest stretches on one entry frame** (approximate event-loop blocks; back-to-back tasks of one kind merge)
| ms | at ms | entry frame | heaviest gateway frames |
|---:|---:|---|---|
${summary.longTasks.map((t) => `| ${t.ms} | ${t.atMs} | \`${t.entry}\` | ${t.gateway || '—'} |`).join('\n')}

**Self time by file**
${table(summary.byFile, 'file')}

**Self time by owner**
${table(summary.byCategory, 'owner')}
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [file, map, skip] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/lib/cpuprofile.mjs FILE.cpuprofile [bundle.js.map]\n');
    process.exit(2);
  }
  process.stdout.write(summaryMarkdown(summariseProfile(file, { ...(map ? { mapFiles: [map] } : {}), skipMs: Number(skip ?? 0) }), path.basename(file)));
}
