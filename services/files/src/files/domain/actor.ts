/** Who acts on files: a staff member of a firm, or a client (or linked contact) in their portal. */
export type Actor = StaffActor | PortalActor;
export type StaffActor = { role: 'staff'; firmId: string; userId: string };
/** `contactId`: the linked contact acting, null for the client themself. */
export type PortalActor = { role: 'client'; firmId: string; clientId: string; contactId: string | null; userId: string };

/** How an upload names its uploader (stored, and in the events). */
export interface Uploader {
  userId: string;
  role: 'staff' | 'client';
  contactId: string | null;
}

export const uploaderOf = (actor: Actor): Uploader => ({ userId: actor.userId, role: actor.role, contactId: actor.role === 'client' ? actor.contactId : null });
