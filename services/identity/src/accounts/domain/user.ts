import { v7 as uuidv7 } from 'uuid';

/** Staff for now; portal (client) users arrive with invitation acceptance. */
export interface StaffUser {
  id: string;
  firmId: string;
  role: 'staff';
  name: string;
  /** Normalized: see normalizeEmail. Unique across all users. */
  email: string;
  passwordHash: string;
  createdAt: Date;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function newStaffUser(input: { firmId: string; name: string; email: string; passwordHash: string }, now = new Date()): StaffUser {
  return { id: uuidv7(), role: 'staff', firmId: input.firmId, name: input.name.trim(), email: normalizeEmail(input.email), passwordHash: input.passwordHash, createdAt: now };
}
