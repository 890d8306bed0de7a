import type { Actor, PortalActor, StaffActor } from './actor';
import { FileRuleError } from './file.errors';
import { FileRecord, objectKeyOf } from './file-record';

const staff: StaffActor = { role: 'staff', firmId: 'firm-1', userId: 'staff-1' };
const otherFirmStaff: StaffActor = { role: 'staff', firmId: 'firm-2', userId: 'staff-2' };
const client: PortalActor = { role: 'client', firmId: 'firm-1', clientId: 'client-1', contactId: null, userId: 'user-1' };
const spouse: PortalActor = { role: 'client', firmId: 'firm-1', clientId: 'client-1', contactId: 'contact-1', userId: 'user-2' };
const otherClient: PortalActor = { role: 'client', firmId: 'firm-1', clientId: 'client-2', contactId: null, userId: 'user-3' };

const requested = new Date('2026-03-01T10:00:00Z');
const uploaded = new Date('2026-03-01T10:01:00Z');
const seconds = (s: number) => new Date(uploaded.getTime() + s * 1000);
const WINDOW = 600;

function upload(by: Actor, sharedWithClient: boolean): FileRecord {
  return FileRecord.request(
    {
      id: 'file-1',
      firmId: 'firm-1',
      clientId: 'client-1',
      name: 'w2.pdf',
      sizeBytes: 10,
      contentType: 'application/pdf',
      objectKey: objectKeyOf('firm-1', 'client-1', 'file-1'),
      sharedWithClient,
      uploadedBy: { userId: by.userId, role: by.role, contactId: by.role === 'client' ? by.contactId : null },
      todoId: null,
      upload: { kind: 'single' },
    },
    requested,
  );
}

const clientUpload = () => upload(client, true).markUploaded(uploaded, WINDOW);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof FileRuleError) return `${error.status} ${error.code}`;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('FileRecord', () => {
  it('keys the object by ids only', () => {
    expect(upload(staff, false).props.objectKey).toBe('firms/firm-1/clients/client-1/file-1');
  });

  describe('visibility', () => {
    it('hides a pending upload from the portal, even its uploader', () => {
      const pending = upload(client, true);
      expect(pending.visibleTo(client)).toBe(false);
      expect(pending.visibleTo(staff)).toBe(true);
      expect(pending.completableBy(client)).toBe(true);
      expect(pending.completableBy(spouse)).toBe(false);
    });

    it('shows a shared file to the client and their linked contacts, not to another client or firm', () => {
      const file = clientUpload();
      expect(file.visibleTo(client)).toBe(true);
      expect(file.visibleTo(spouse)).toBe(true);
      expect(file.visibleTo(otherClient)).toBe(false);
      expect(file.visibleTo(otherFirmStaff)).toBe(false);
    });

    it('shows a staff upload in the portal only while it is shared', () => {
      const file = upload(staff, false).markUploaded(uploaded, WINDOW);
      expect(file.visibleTo(client)).toBe(false);
      expect(file.share(true).visibleTo(client)).toBe(true);
      expect(file.share(true).share(false).visibleTo(client)).toBe(false);
    });

    it('hides a deleted file from everyone', () => {
      const deleted = clientUpload().delete(staff, seconds(1));
      expect(deleted.visibleTo(staff)).toBe(false);
      expect(deleted.visibleTo(client)).toBe(false);
    });
  });

  describe('markUploaded', () => {
    it("opens the edit window of a client's upload", () => {
      expect(clientUpload().props).toMatchObject({ status: 'available', uploadedAt: uploaded, editableUntil: seconds(WINDOW) });
    });

    it('gives staff uploads no edit window', () => {
      expect(upload(staff, false).markUploaded(uploaded, WINDOW).props).toMatchObject({ status: 'available', editableUntil: null });
    });

    it('changes nothing once uploaded', () => {
      const file = clientUpload();
      expect(file.markUploaded(seconds(5), WINDOW)).toBe(file);
    });
  });

  describe('edit window', () => {
    it('lets the uploader rename and delete until it closes', () => {
      expect(clientUpload().rename(client, 'w2-2025.pdf', seconds(WINDOW - 1)).props.name).toBe('w2-2025.pdf');
      expect(clientUpload().delete(client, seconds(WINDOW - 1)).props).toMatchObject({ status: 'deleted', deletedAt: seconds(WINDOW - 1) });
    });

    it("then it is the firm's record", () => {
      expect(refusal(() => clientUpload().rename(client, 'x.pdf', seconds(WINDOW)))).toBe('403 edit_window_closed');
      expect(refusal(() => clientUpload().delete(client, seconds(WINDOW + 60)))).toBe('403 edit_window_closed');
    });

    it("refuses someone else's upload, a linked contact's included, whatever the time", () => {
      expect(refusal(() => clientUpload().rename(spouse, 'x.pdf', seconds(1)))).toBe('403 not_uploader');
      expect(refusal(() => clientUpload().delete(spouse, seconds(WINDOW + 1)))).toBe('403 not_uploader');
      expect(refusal(() => upload(staff, true).markUploaded(uploaded, WINDOW).delete(client, seconds(1)))).toBe('403 not_uploader');
    });

    it('lets staff delete any file of their firm, at any time', () => {
      expect(clientUpload().delete(staff, seconds(WINDOW * 10)).props.status).toBe('deleted');
    });

    it('returns the same record for the same name (nothing to write)', () => {
      const file = clientUpload();
      expect(file.rename(client, 'w2.pdf', seconds(1))).toBe(file);
    });
  });

  describe('sharing', () => {
    it('changes only when the value differs', () => {
      const file = upload(staff, false).markUploaded(uploaded, WINDOW);
      expect(file.share(false)).toBe(file);
      expect(file.share(true).props.sharedWithClient).toBe(true);
    });

    it('waits for the upload to be completed', () => {
      expect(refusal(() => upload(staff, false).share(true))).toBe('409 upload_pending');
      expect(refusal(() => upload(staff, false).delete(staff))).toBe('409 upload_pending');
    });
  });
});
