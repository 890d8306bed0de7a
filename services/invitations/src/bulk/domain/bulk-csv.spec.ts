import { parseRecipientCsv } from './bulk-csv';

describe('parseRecipientCsv', () => {
  it('reads one client id or email per row, without a header, keeping line numbers', () => {
    expect(parseRecipientCsv('c-1\r\nJane@Example.com\n\n c-2 \n')).toEqual({
      rows: [
        { line: 1, clientId: 'c-1' },
        { line: 2, email: 'jane@example.com' },
        { line: 4, clientId: 'c-2' },
      ],
      bad: [],
    });
  });

  it('takes a clientId,email header, any case and order; a row may fill either column', () => {
    expect(parseRecipientCsv('Email,ClientId\njane@example.com,\n,c-9\nx@example.com,c-3\n')).toEqual({
      rows: [
        { line: 2, email: 'jane@example.com' },
        { line: 3, clientId: 'c-9' },
        // Both given: the client id names the client.
        { line: 4, clientId: 'c-3' },
      ],
      bad: [],
    });
  });

  it('reports every bad row with its line number and reason', () => {
    const { rows, bad } = parseRecipientCsv('clientId,email\nc-1,\n,\nnot@an@email\n"unterminated,x@example.com\nc-2,a@example.com,extra\n,broken@\n');
    expect(rows).toEqual([
      { line: 2, clientId: 'c-1' },
      { line: 4, clientId: 'not@an@email' },
    ]);
    expect(bad).toEqual([
      { line: 3, reason: 'neither a client id nor an email' },
      { line: 5, reason: 'unbalanced double quotes' },
      { line: 6, reason: 'expected 2 columns, found 3' },
      { line: 7, reason: 'malformed email "broken@"' },
    ]);
  });

  it('refuses a malformed email and extra columns without a header', () => {
    expect(parseRecipientCsv('jane@@example\nc-1,c-2\n"quoted@example.com"\n').bad).toEqual([
      { line: 1, reason: 'malformed email "jane@@example"' },
      { line: 2, reason: 'expected 1 column, found 2' },
    ]);
    expect(parseRecipientCsv('"quoted@example.com"\n').rows).toEqual([{ line: 1, email: 'quoted@example.com' }]);
  });

  it('ignores a byte order mark and counts lines from 1', () => {
    expect(parseRecipientCsv('\uFEFFemail\nbad\n').bad).toEqual([{ line: 2, reason: 'malformed email "bad"' }]);
  });
});
