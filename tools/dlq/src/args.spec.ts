import { describe, expect, it } from '@jest/globals';
import { COMMAND_USAGE, parseArgs, parsePosition, USAGE, UsageError } from './args';

function usageError(argv: string[]): UsageError {
  try {
    parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('parseArgs', () => {
  it('reads list with its options, in any order, --limit with or without =', () => {
    expect(parseArgs(['list', 'invitations'])).toEqual({ command: 'list', service: 'invitations', limit: undefined, pending: false, json: false });
    expect(parseArgs(['list', '--json', 'billing', '--limit', '5', '--pending'])).toEqual({
      command: 'list',
      service: 'billing',
      limit: 5,
      pending: true,
      json: true,
    });
    expect(parseArgs(['list', 'billing', '--limit=20'])).toMatchObject({ limit: 20 });
  });

  it('reads show with one offset, bare (partition 0) or partition:offset', () => {
    expect(parseArgs(['show', 'tasks', '12'])).toEqual({ command: 'show', service: 'tasks', position: { partition: 0, offset: '12' }, json: false });
    expect(parseArgs(['show', 'tasks', '2:9007199254740993', '--json'])).toEqual({
      command: 'show',
      service: 'tasks',
      position: { partition: 2, offset: '9007199254740993' },
      json: true,
    });
  });

  it('reads replay with offsets (each once) or --all', () => {
    expect(parseArgs(['replay', 'files', '3', '7', '3', '--yes'])).toEqual({
      command: 'replay',
      service: 'files',
      positions: [
        { partition: 0, offset: '3' },
        { partition: 0, offset: '7' },
      ],
      dryRun: false,
      yes: true,
    });
    expect(parseArgs(['replay', 'files', '--all', '--dry-run'])).toEqual({ command: 'replay', service: 'files', positions: 'all', dryRun: true, yes: false });
  });

  it('gives help for the tool and for each command', () => {
    expect(parseArgs([])).toEqual({ command: 'help', about: undefined });
    expect(parseArgs(['--help'])).toEqual({ command: 'help', about: undefined });
    expect(parseArgs(['help', 'replay'])).toEqual({ command: 'help', about: 'replay' });
    expect(parseArgs(['list', '--help'])).toEqual({ command: 'help', about: 'list' });
    expect(parseArgs(['replay', 'x', '--all', '-h'])).toEqual({ command: 'help', about: 'replay' });
    expect(USAGE).toMatch(/exit status: 0 ok, 1 failure \(reason on stderr\), 2 usage error/);
    for (const text of Object.values(COMMAND_USAGE)) expect(text).toMatch(/^usage: dlq (list|show|replay) <service>/);
  });

  it.each([
    [['purge', 'x'], /unknown command 'purge'/, undefined],
    [['list'], /missing <service>/, 'list'],
    [['list', 'Invitations'], /'Invitations' is not a service name \(services: billing, clients/, 'list'],
    [['list', 'x', 'y'], /unexpected argument 'y'/, 'list'],
    [['list', 'x', '--limit'], /--limit needs a value/, 'list'],
    [['list', 'x', '--limit', '0'], /--limit must be a whole number of 1 or more \(got '0'\)/, 'list'],
    [['list', 'x', '--limit', '2.5'], /--limit must be a whole number/, 'list'],
    [['list', 'x', '--follow'], /unknown option --follow/, 'list'],
    [['list', 'x', '--json=yes'], /--json takes no value/, 'list'],
    [['show', 'x'], /missing <dlt-offset>/, 'show'],
    [['show', 'x', '1', '2'], /unexpected argument '2'/, 'show'],
    [['show', 'x', 'latest'], /'latest' is not a dead-letter offset/, 'show'],
    [['show', 'x', '-1'], /'-1' is not a dead-letter offset/, 'show'],
    [['replay', 'x'], /missing <dlt-offset>\.\.\. or --all/, 'replay'],
    [['replay', 'x', '1', '--all'], /offsets or --all, not both/, 'replay'],
    [['replay', 'x', '1', '--force'], /unknown option --force/, 'replay'],
  ])('refuses %j', (argv, message, about) => {
    const error = usageError(argv);
    expect(error.message).toMatch(message);
    expect(error.about).toBe(about);
  });
});

describe('parsePosition', () => {
  it('keeps offsets as decimal strings, normalised', () => {
    expect(parsePosition('007')).toEqual({ partition: 0, offset: '7' });
    expect(parsePosition('1:0')).toEqual({ partition: 1, offset: '0' });
  });
});
