// Workaround for Portkey gateway 1.15.2 streaming on Node 20 (Portkey-AI/gateway#1389): its
// responseService.updateHeaders appends headers to the Response that fetch() returned, whose
// headers are immutable by the fetch spec, so every stream fails with "TypeError: immutable".
// (Older @hono/node-server versions hid this.) Re-wrapping only event-stream responses in a
// Response we construct gives them mutable headers and leaves the body stream untouched;
// non-streaming calls, which work as shipped, are not touched at all.
const original = globalThis.fetch;
globalThis.fetch = async function fetchWithMutableStreamHeaders(input, init) {
  const response = await original(input, init);
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
};
