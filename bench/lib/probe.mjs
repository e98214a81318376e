// Finds out which Switchboard features are really on in this build, from the outside:
// answers, headers, the upstream's call counter and the log file.
import { chatBody } from './load.mjs';
import { logRows } from './measure.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function upstreamCalls(upstreamPort) {
  const response = await fetch(`http://127.0.0.1:${upstreamPort}/__stats`);
  return (await response.json()).requests;
}

async function call(target, body, headers = target.headers) {
  const response = await fetch(target.origin + target.path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  await response.arrayBuffer();
  return response;
}

/** Returns { auth, cost, logging, cacheLookup, cacheHit, limits, headers } as observed. */
export async function probeSwitchboard(target, { upstreamPort, dbFile }) {
  const fast = target.variants.fast;
  const features = {};
  const unauthenticated = await call(fast, chatBody(fast.model, 'probe-noauth'), {});
  features.auth = unauthenticated.status === 401;

  const rows0 = logRows(dbFile);
  const tag = `probe-${Date.now()}`;
  const calls0 = await upstreamCalls(upstreamPort);
  const first = await call(fast, chatBody(fast.model, tag));
  const calls1 = await upstreamCalls(upstreamPort);
  const second = await call(fast, chatBody(fast.model, tag));
  const calls2 = await upstreamCalls(upstreamPort);
  const headers = Object.fromEntries([...first.headers].filter(([name]) => name.startsWith('x-')));
  features.status = first.status;
  features.cost = first.headers.get('x-switchboard-cost-usd') !== null;
  features.limits = [...first.headers.keys()].some((name) => name.startsWith('x-ratelimit-'));
  // A hit answers without calling the upstream; the header is a second opinion.
  features.cacheHit = calls1 - calls0 === 1 && calls2 - calls1 === 0;
  const cacheHeader = second.headers.get('x-switchboard-cache');
  features.cacheHeader = cacheHeader ?? undefined;
  features.cacheLookup = features.cacheHit || (cacheHeader !== null && /miss|hit/i.test(cacheHeader));
  await sleep(400);
  const rows1 = logRows(dbFile);
  features.logging = rows0 !== undefined && rows1 !== undefined && rows1 > rows0;
  features.headers = headers;
  return features;
}

/** Sends the fixed body wrk uses once, so the cache-hit phase starts with the entry stored. */
export async function primeCache(target) {
  const fast = target.variants.fast;
  const body = chatBody(fast.model, 'fixed');
  await call(fast, body);
  await call(fast, body);
}
