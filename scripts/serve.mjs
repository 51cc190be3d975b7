#!/usr/bin/env node
// A tiny static file server for the built site, with no dependencies: scripts/run serves the
// app with it and the browser tests import startServer().
//   node scripts/serve.mjs DIR [--port N] [--host 127.0.0.1]
// Only files inside DIR are served; anything else is 404, and only GET and HEAD are answered.

import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

// Maps a request URL to a file inside `root`, or null if it would leave it.
function resolveInside(root, url) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = path.resolve(root, '.' + pathname);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

function reply(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return reply(res, 405, 'method not allowed\n');
  }
  const file = resolveInside(root, req.url);
  if (!file) return reply(res, 404, 'not found\n');
  let stat;
  try {
    // realpath: a symbolic link inside DIR must not lead outside it either.
    const real = await fs.realpath(file);
    if (real !== root && !real.startsWith(root + path.sep)) return reply(res, 404, 'not found\n');
    stat = await fs.stat(real);
  } catch {
    return reply(res, 404, 'not found\n');
  }
  if (stat.isDirectory()) {
    res.writeHead(301, { Location: new URL(req.url, 'http://localhost').pathname + '/' });
    return res.end();
  }
  res.writeHead(200, {
    'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    'Cache-Control': 'no-cache',  // a rebuilt app must never be shadowed by a cached one
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

// Serves `dir` on `host`:`port` (0 picks a free port). Resolves once listening.
export async function startServer(dir, port = 0, host = '127.0.0.1') {
  const root = await fs.realpath(path.resolve(dir));
  if (!(await fs.stat(root)).isDirectory()) throw new Error(`${dir} is not a directory`);
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shownHost}:${address.port}/` };
}

function usage(message) {
  if (message) console.error(`serve.mjs: ${message}`);
  console.error('usage: node scripts/serve.mjs DIR [--port N] [--host 127.0.0.1]');
  process.exit(2);
}

async function main(args) {
  let dir = null;
  let port = 8080;
  let host = '127.0.0.1';
  for (let i = 0; i < args.length; ++i) {
    const arg = args[i];
    if (arg === '--port') {
      port = Number(args[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port needs a number from 0 to 65535');
    } else if (arg === '--host') {
      host = args[++i];
      if (!host) usage('--host needs an address');
    } else if (arg === '-h' || arg === '--help') {
      usage();
    } else if (arg.startsWith('-') || dir !== null) {
      usage(`unexpected argument ${arg}`);
    } else {
      dir = arg;
    }
  }
  if (dir === null) usage('DIR is missing');
  try {
    const { url } = await startServer(dir, port, host);
    console.log(`Inside Out is being served at ${url}`);
  } catch (error) {
    console.error(`serve.mjs: cannot serve ${dir} on ${host}:${port}: ${error.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
