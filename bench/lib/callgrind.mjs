// Reads callgrind dumps. Code V8 generated at run time has no symbols, so callgrind names it by
// address; with the process's perf map (node --perf-basic-prof writes /tmp/perf-<pid>.map) those
// addresses get their JS names back. Dumps made with --separate-callers=N name each function
// with its callers ("fn'caller'caller's caller…"), which is what lets native work be charged
// to the JavaScript that asked for it exactly, not in proportion to who calls a shared builtin.
import { existsSync, readFileSync } from 'node:fs';

/** Self instructions (Ir) per function, as the dump names it (with its callers, when separated). */
export function selfCosts(file) {
  const names = new Map();
  const costs = new Map();
  let fn = '';
  let skipNext = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('fn=')) {
      fn = compressed(names, line.slice(3));
      continue;
    }
    if (line.startsWith('cfn=')) {
      compressed(names, line.slice(4));
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
    if (skipNext) {
      skipNext = false;
      continue;
    }
    const ir = Number(line.split(' ')[1] ?? 0);
    if (ir) costs.set(fn, (costs.get(fn) ?? 0) + ir);
  }
  return costs;
}

/** "(12) name" defines id 12; "(12)" refers back to it. */
function compressed(names, text) {
  const match = /^\((\d+)\)(?: (.*))?$/.exec(text);
  if (!match) return text;
  if (match[2] !== undefined) names.set(match[1], match[2]);
  return names.get(match[1]) ?? text;
}

/** A function that names an address by the JS function the perf map places it in (else as is). */
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

/**
 * Self costs charged to the nearest function in each one's caller chain that `isOwner` accepts
 * (a JS function, say), every name passed through `name` first; a chain with no owner within
 * the callers the dump kept stays with its function, as "(fn)".
 */
export function charged(costs, name, isOwner) {
  const owners = new Map();
  for (const [context, ir] of costs) {
    const chain = context.split("'").map(name);
    const owner = chain.find(isOwner) ?? `(${chain[0]})`;
    owners.set(owner, (owners.get(owner) ?? 0) + ir);
  }
  return owners;
}
