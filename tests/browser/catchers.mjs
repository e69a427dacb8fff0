// What the local stack's catchers stored: the mail catcher's .eml files and
// the SMS catcher's .json files ($SESAME_TEST_MAIL_DIR, $SESAME_TEST_SMS_DIR),
// read as a person would read their mailbox and their phone.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { env } from './lib.mjs';

const MAIL_DIR = env('SESAME_TEST_MAIL_DIR');
const SMS_DIR = env('SESAME_TEST_SMS_DIR');

// ---- the mail catcher's .eml files (a small MIME reader) -----------------

function splitHeaders(raw) {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeWords(value) {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_, charset, enc, text) => {
    const bytes = enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g,
        (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return bytes.toString('utf8');
  });
}

function decodeBody(body, encoding) {
  const enc = (encoding || '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    return Buffer.from(soft.replace(/=([0-9A-Fa-f]{2})/g,
      (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return Buffer.from(body, 'latin1').toString('utf8');
}

// All leaf parts of a message: [{type, text}].
function leafParts(raw) {
  const { headers, body } = splitHeaders(raw);
  const type = headers['content-type'] || 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type);
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary[1]}`).slice(1);
    return parts.filter((p) => !p.startsWith('--')).flatMap((p) => leafParts(p.replace(/^\r?\n/, '')));
  }
  return [{ type: type.split(';')[0].trim().toLowerCase(),
    text: decodeBody(body, headers['content-transfer-encoding']) }];
}

export function mailsTo(address) {
  const found = [];
  for (const name of readdirSync(MAIL_DIR).filter((n) => n.endsWith('.eml')).sort()) {
    const raw = readFileSync(path.join(MAIL_DIR, name)).toString('latin1');
    const { headers } = splitHeaders(raw);
    const to = (headers.to || '').toLowerCase();
    const addresses = to.match(/[^\s<>,"]+@[^\s<>,"]+/g) || [];
    if (!addresses.includes(address.toLowerCase())) continue;
    const parts = leafParts(raw);
    found.push({
      subject: decodeWords(headers.subject || ''),
      text: parts.find((p) => p.type === 'text/plain')?.text || '',
    });
  }
  return found;
}

export function smsTo(number, since) {
  const found = [];
  for (const name of readdirSync(SMS_DIR).filter((n) => n.endsWith('.json')).sort()) {
    const ns = /^(\d+)-/.exec(name);
    if (ns && Number(BigInt(ns[1]) / 1000000n) < since - 1000) continue;
    try {
      const sms = JSON.parse(readFileSync(path.join(SMS_DIR, name), 'utf8'));
      if (sms.to === number) found.push(sms);
    } catch {
      // a file being written: read it on the next poll
    }
  }
  return found;
}

export async function waitFor(what, fn, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${ms / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
