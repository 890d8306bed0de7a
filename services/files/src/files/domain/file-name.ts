/** The longest display name kept (in characters); longer ones are shortened, keeping the extension. */
export const FILE_NAME_MAX = 255;
const EXTENSION_MAX = 20;

// Control characters (C0, DEL, C1) and the invisible bidi controls that make "exe.pdf" look like
// "fdp.exe": neither belongs in a name shown to people or put in a header.
const UNSAFE_CHARACTERS = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const PATH_SEPARATORS = /[/\\]+/g;

/**
 * The display name a file is stored and served under. Never a path: separators become `_`,
 * `..` collapses to `.`, leading dots go (no hidden or relative names), whitespace runs (tabs,
 * newlines) become one space, other control and bidi characters go, and at most 255
 * characters stay (the extension survives shortening). Empty when nothing usable is left.
 */
export function sanitizeFileName(raw: string): string {
  const name = raw
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(UNSAFE_CHARACTERS, '')
    .replace(PATH_SEPARATORS, '_')
    .replace(/\.{2,}/g, '.')
    .trim()
    .replace(/^[.\s]+/, '');
  return shorten(name);
}

function shorten(name: string): string {
  const characters = [...name];
  if (characters.length <= FILE_NAME_MAX) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? [...name.slice(dot)] : [];
  const keep = extension.length > 1 && extension.length <= EXTENSION_MAX ? extension : [];
  return [...characters.slice(0, FILE_NAME_MAX - keep.length), ...keep].join('').trimEnd();
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const TOKEN = "[!#$%&'*+.^_`|~0-9a-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);
const CONTENT_TYPE_MAX = 200;

/**
 * `type/subtype` (RFC 9110 token syntax, lower-cased, parameters dropped), or
 * application/octet-stream for anything else: the value ends up in a response header.
 */
export function sanitizeContentType(raw: string): string {
  const essence = raw.split(';', 1)[0]!.trim().toLowerCase();
  return essence.length <= CONTENT_TYPE_MAX && MEDIA_TYPE.test(essence) ? essence : DEFAULT_CONTENT_TYPE;
}

/**
 * `attachment` (browsers save rather than render, whatever the type) with the name twice: an
 * ASCII fallback for old clients and the exact name percent-encoded (RFC 6266 / 8187).
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
