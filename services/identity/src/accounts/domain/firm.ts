import { v7 as uuidv7 } from 'uuid';

export interface Firm {
  id: string;
  name: string;
  createdAt: Date;
}

export function newFirm(name: string, now = new Date()): Firm {
  return { id: uuidv7(), name: name.trim(), createdAt: now };
}
