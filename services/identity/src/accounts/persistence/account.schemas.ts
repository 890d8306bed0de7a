import { Schema } from 'mongoose';

export const FIRM_MODEL = 'Firm';
export const USER_MODEL = 'User';

export interface FirmDocument {
  _id: string;
  name: string;
  createdAt: Date;
}

export interface UserDocument {
  _id: string;
  firmId: string;
  role: 'staff';
  name: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
}

export const FirmSchema = new Schema<FirmDocument>(
  { _id: { type: String, required: true }, name: { type: String, required: true }, createdAt: { type: Date, required: true } },
  { collection: 'firms', versionKey: false },
);

export const UserSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true, index: true },
    role: { type: String, enum: ['staff'], required: true },
    name: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'users', versionKey: false },
);
