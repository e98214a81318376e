// Reads a callgrind dump: self instructions (Ir) per function. Code V8 generated at run time
// has no symbols, so callgrind names it by address; with the process's perf map (node
// --perf-basic-prof writes /tmp/perf-<pid>.map) those addresses get their JS names back.
import { existsSync, readFileSync } from 'node:fs';

/**
 * Self Ir per function name in one callgrind output file, and the calls between functions:
 * caller → callee → the Ir spent in that callee (and below) on calls from that caller.
 */
export function readDump(file) {
  const names = new Map();
  const costs = new Map();
  const calls = new Map();
  let fn = '';
  let callee = '';
  let skipNext = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('fn=')) {
      fn = compressed(names, line.slice(3));
      continue;
    }
    if (line.startsWith('cfn=')) {
      callee = compressed(names, line.slice(4));
      continue;
    }
    if (line.startsWith('calls=')) {
      // The next cost line is the call's inclusive cost, not this function's own.
      skipNext = true;
      continue;
    }
    const first = line.charCodeAt(0);
    const isCost = (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 42;
    if (!isCost) continue;
    const parts = line.split(' ');
    const ir = Number(parts[1] ?? 0);
    if (skipNext) {
      skipNext = false;
      let out = calls.get(fn);
      if (!out) calls.set(fn, (out = new Map()));
      out.set(callee, (out.get(callee) ?? 0) + ir);
      continue;
    }
    if (ir) costs.set(fn, (costs.get(fn) ?? 0) + ir);
  }
  return { costs, calls };
}

/** "(12) name" defines id 12; "(12)" refers back to it. */
function compressed(names, text) {
  const match = /^\((\d+)\)(?: (.*))?$/.exec(text);
  if (!match) return text;
  if (match[2] !== undefined) names.set(match[1], match[2]);
  return names.get(match[1]) ?? text;
}

/** A function's name with its address replaced by the JS function the perf map places it in. */
export function perfMapNamer(perfMapFile) {
  if (!existsSync(perfMapFile)) return (fn) => fn;
  const ranges = readFileSync(perfMapFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [start, size, ...name] = line.split(' ');
      return { start: BigInt(`0x${start}`), end: BigInt(`0x${start}`) + BigInt(`0x${size}`), name: name.join(' ') };
    })
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const find = (address) => {
    let lo = 0;
    let hi = ranges.length - 1;
    let found;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid].start <= address) {
        found = ranges[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found && address < found.end ? found.name : undefined;
  };
  return (fn) => {
    const match = /^0x([0-9a-f]+)$/.exec(fn);
    return (match && find(BigInt(`0x${match[1]}`))) ?? fn;
  };
}

/** `readDump`'s costs and calls with every function renamed by `name` (costs of one name summed). */
export function renamed({ costs, calls }, name) {
  const named = new Map();
  for (const [fn, ir] of costs) named.set(name(fn), (named.get(name(fn)) ?? 0) + ir);
  const edges = new Map();
  for (const [caller, out] of calls) {
    const from = name(caller);
    let to = edges.get(from);
    if (!to) edges.set(from, (to = new Map()));
    for (const [callee, ir] of out) to.set(name(callee), (to.get(name(callee)) ?? 0) + ir);
  }
  return { costs: named, calls: edges };
}

/** Callee → caller → Ir of those calls. */
function callersOf(calls) {
  const callers = new Map();
  for (const [caller, out] of calls) {
    for (const [callee, ir] of out) {
      let into = callers.get(callee);
      if (!into) callers.set(callee, (into = new Map()));
      into.set(caller, (into.get(caller) ?? 0) + ir);
    }
  }
  return callers;
}

/**
 * Every function's own instructions charged to the nearest caller `isOwner` accepts (a JS
 * function, say), through callers it does not accept in proportion to what each one's calls
 * cost; what reaches no owner within `depth` calls stays with the function it started at,
 * as "(fn)". Like a sampled profile's "nearest gateway frame", from exact counts.
 */
export function chargedToOwners({ costs, calls }, isOwner, depth = 12) {
  const callers = callersOf(calls);
  const owners = new Map();
  const add = (key, ir) => owners.set(key, (owners.get(key) ?? 0) + ir);
  const spread = (fn, origin, ir, level, seen) => {
    const into = callers.get(fn);
    let sum = 0;
    if (into && level < depth) for (const [caller, cost] of into) if (!seen.has(caller)) sum += cost;
    if (sum === 0) {
      add(`(${origin})`, ir);
      return;
    }
    for (const [caller, cost] of into) {
      if (seen.has(caller)) continue;
      const share = (ir * cost) / sum;
      if (isOwner(caller)) add(caller, share);
      else {
        seen.add(caller);
        spread(caller, origin, share, level + 1, seen);
        seen.delete(caller);
      }
    }
  };
  for (const [fn, ir] of costs) {
    if (isOwner(fn)) add(fn, ir);
    else spread(fn, fn, ir, 0, new Set([fn]));
  }
  return owners;
}
