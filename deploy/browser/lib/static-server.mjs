// A loopback static file server for test pages and player libraries. Pages must come from an http
// origin on loopback, not about:blank: EME (navigator.requestMediaKeySystemAccess) exists only in
// secure contexts, and http://127.0.0.1 is one.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.map': 'application/json',
  '.mpd': 'application/dash+xml',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.json': 'application/json',
};

/**
 * Serves each mount (URL prefix -> directory) read-only; answers 404 outside them. Every request is
 * recorded in `requests` so a test can see what the player fetched. Resolves once listening.
 */
export async function serveStatic(mounts, { port = 0, host = '127.0.0.1' } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push({ at: Date.now(), method: req.method, path });
    const mount = Object.keys(mounts)
      .sort((a, b) => b.length - a.length)
      .find((prefix) => path.startsWith(prefix));
    if (!mount) return notFound(res);
    const root = normalize(mounts[mount]);
    const file = normalize(join(root, path.slice(mount.length)));
    if (file !== root && !file.startsWith(root + sep)) return notFound(res);
    let stats;
    try {
      stats = statSync(file);
    } catch {
      return notFound(res);
    }
    if (!stats.isFile()) return notFound(res);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'content-length': stats.size,
      'access-control-allow-origin': '*',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const { port: boundPort } = server.address();
  return {
    url: `http://${host}:${boundPort}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}
