/** Conditional GETs for the phone: every BFF Mobile GET answers with an ETag, and a
 * repeat read sends `If-None-Match`; a 304 is answered from the body kept here, so a
 * screen read again costs headers only. Browsers do this themselves (their HTTP cache
 * turns a 304 into the cached 200), so the web build does not use it. Entries are per
 * URL and bearer token, the least recently used dropped beyond `limit`. */
export function createEtagFetch(base: typeof globalThis.fetch, limit = 60): typeof globalThis.fetch {
  const kept = new Map<string, { etag: string; body: string; headers: [string, string][] }>();
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.method !== "GET") return base(request);
    const key = `${request.headers.get("Authorization") ?? ""} ${request.url}`;
    const entry = kept.get(key);
    if (entry) request.headers.set("If-None-Match", entry.etag);
    const response = await base(request);
    if (response.status === 304 && entry) {
      kept.delete(key);
      kept.set(key, entry);
      return new Response(entry.body, { status: 200, headers: entry.headers });
    }
    const etag = response.headers.get("ETag");
    if (response.ok && etag) {
      const body = await response.clone().text();
      const headers: [string, string][] = [];
      response.headers.forEach((value, name) => headers.push([name, value]));
      kept.delete(key);
      kept.set(key, { etag, body, headers });
      while (kept.size > limit) kept.delete(kept.keys().next().value as string);
    }
    return response;
  };
}
