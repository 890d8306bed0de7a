import { PrivateInfra, TestStack } from '@portico/testing';
import { BulkJobs } from './support/bulk-jobs';

// Issue 15, "A replica that dies without warning strands nothing for long": a 10,000-recipient
// bulk job through the gateway, notifications and then invitations killed -9 mid-job (as the
// OOM killer or a lost node does), then both started again. Every recipient gets the email, the job
// reads all sent, and the only duplicates are sends that were in flight at the kill (accepted
// by SMTP, not yet recorded; same Message-ID). Mailpit is private to this file: its counts per
// address are exact. Prints when it killed, what was left, and how long the job took after the last
// restart (the goal: within 60 s; a figure, not an assertion).
jest.setTimeout(900_000);

const RECIPIENTS = 10_000;

describe('a 10,000-recipient job survives kill -9 of notifications, then of invitations', () => {
  let infra: PrivateInfra;
  let stack: TestStack;
  let bulk: BulkJobs;

  beforeAll(async () => {
    infra = await PrivateInfra.start(['smtp'], 'crash-recovery');
    bulk = new BulkJobs(() => stack.url('gateway'), infra.endpoints.mailpitUrl);
    // The production settings: nothing here shortens a lease or slows the job down.
    stack = await TestStack.start(['identity', 'clients', 'invitations', 'notifications', 'gateway'], {}, { endpoints: infra.endpoints });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  it('every recipient gets the email; duplicates at most the sends in flight at the kill', async () => {
    const firm = await bulk.firmWithClients('crash', RECIPIENTS);
    const started = Date.now();
    const jobId = await bulk.startJob(firm);
    // Mid-job: half the emails out (earlier, the time after the restart is mostly the job's own
    // length rather than recovery).
    const arrived = await bulk.midJob(firm.addresses, 0.5);
    const killedAfter = (Date.now() - started) / 1000;

    // What the dead process had claimed and not recorded: at most these can be sent twice.
    const deliveries = (await stack.database('notifications')).collection('deliveries');
    const notifications = stack.service('notifications');
    const invitations = stack.service('invitations');
    await notifications.kill();
    const inFlight = await deliveries.countDocuments({ status: 'sending' });
    // Then invitations, while notifications is down: its deliveries claimed by the dead process
    // wait out their lease, so the job certainly has sends still to record (it may have issued
    // every invitation already: `completed` means issued, `queued` counts the sends not yet known).
    expect((await bulk.job(firm.token, jobId)).counts.queued).toBeGreaterThan(0);
    await invitations.kill();
    await Promise.all([notifications.start(), invitations.start()]);
    const restarted = Date.now();

    const copies = await bulk.everyoneGotOneEmail(firm.token, jobId, firm.addresses, 300_000);
    const seconds = (Date.now() - restarted) / 1000;
    process.stderr.write(
      `[crash-recovery] killed ${killedAfter.toFixed(1)} s into the job, at ${arrived} of ${RECIPIENTS} emails (${RECIPIENTS - arrived} to go); ${inFlight} deliveries claimed at the kill; ` +
        `every email sent and the job completed ${seconds.toFixed(1)} s after the last restart; ${copies} duplicate(s)\n`,
    );
    expect(copies).toBeLessThanOrEqual(inFlight);
  });
});
