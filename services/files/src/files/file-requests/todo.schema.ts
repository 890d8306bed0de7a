import { Schema } from 'mongoose';

export const TODO_MODEL = 'Todo';

/** What files knows of a to-do (from TodoCreated): whose it is and whether it asks for a file. */
export interface TodoDocument {
  _id: string;
  firmId: string;
  clientId: string;
  requiresFile: boolean;
}

export const TodoSchema = new Schema<TodoDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    clientId: { type: String, required: true },
    requiresFile: { type: Boolean, required: true },
  },
  { collection: 'todos', versionKey: false },
);
