import { attachmentDisposition, DEFAULT_CONTENT_TYPE, FILE_NAME_MAX, sanitizeContentType, sanitizeFileName } from './file-name';

describe('sanitizeFileName', () => {
  it.each([
    ['2025 W-2.pdf', '2025 W-2.pdf'],
    ['  report.pdf  ', 'report.pdf'],
    ['../../etc/passwd', '_._etc_passwd'],
    ['C:\\Users\\jane\\taxes.xlsx', 'C:_Users_jane_taxes.xlsx'],
    ['a/b/c.txt', 'a_b_c.txt'],
    ['.htaccess', 'htaccess'],
    ['...hidden..txt', 'hidden.txt'],
    ['tab\there\nnew\u0000line\u007f.txt', 'tab here newline.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['résumé.pdf', 'résumé.pdf'],
    ['Re\u0301sume\u0301.pdf', 'Résumé.pdf'],
  ])('%j -> %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('leaves nothing when nothing usable is given (the request is refused then)', () => {
    expect(sanitizeFileName('...')).toBe('');
    expect(sanitizeFileName(' \u0000\u0007 ')).toBe('');
  });

  it('never returns a name with a path separator or ".."', () => {
    for (const raw of ['..\\..\\x', '/..//../..', 'a/../b', '....//....//x']) {
      const name = sanitizeFileName(raw);
      expect(name).not.toMatch(/[/\\]|\.\./);
      expect(name.startsWith('.')).toBe(false);
    }
  });

  it('shortens to 255 characters, keeping the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(300)}.pdf`);
    expect([...name]).toHaveLength(FILE_NAME_MAX);
    expect(name.endsWith('a.pdf')).toBe(true);
  });

  it('counts characters, not UTF-16 units, and never splits one', () => {
    const name = sanitizeFileName('😀'.repeat(300));
    expect([...name]).toHaveLength(FILE_NAME_MAX);
    expect(name).toBe('😀'.repeat(FILE_NAME_MAX));
  });
});

describe('sanitizeContentType', () => {
  it.each([
    ['application/pdf', 'application/pdf'],
    ['  Image/PNG ', 'image/png'],
    ['text/plain; charset=utf-8', 'text/plain'],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['', DEFAULT_CONTENT_TYPE],
    ['pdf', DEFAULT_CONTENT_TYPE],
    ['text/html\r\nX-Injected: 1', DEFAULT_CONTENT_TYPE],
    ['a/b/c', DEFAULT_CONTENT_TYPE],
    ['image/ png', DEFAULT_CONTENT_TYPE],
    [`application/${'x'.repeat(300)}`, DEFAULT_CONTENT_TYPE],
  ])('%j -> %j', (raw, expected) => {
    expect(sanitizeContentType(raw)).toBe(expected);
  });
});

describe('attachmentDisposition', () => {
  it('is an attachment with an ASCII fallback and the exact name percent-encoded', () => {
    expect(attachmentDisposition('été "final" (2).pdf')).toBe(
      `attachment; filename="_t_ _final_ (2).pdf"; filename*=UTF-8''%C3%A9t%C3%A9%20%22final%22%20%282%29.pdf`,
    );
  });

  it('round-trips the name through the RFC 8187 value', () => {
    const name = 'Q3 report – 100% done.xlsx';
    const encoded = attachmentDisposition(name).split("UTF-8''")[1]!;
    expect(decodeURIComponent(encoded)).toBe(name);
  });
});
