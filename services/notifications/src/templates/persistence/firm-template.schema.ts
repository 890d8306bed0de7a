import { Schema } from 'mongoose';

export const FIRM_TEMPLATE_MODEL = 'FirmTemplate';

export interface FirmTemplateDocument {
  _id: string;
  firmId: string;
  name: string;
  subject: string;
  html: string;
  text: string;
  createdAt: Date;
  updatedAt: Date;
}

export const FirmTemplateSchema = new Schema<FirmTemplateDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    name: { type: String, required: true },
    subject: { type: String, required: true },
    html: { type: String, required: true },
    text: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'firm_templates', versionKey: false },
);

// Every query filters by firmId; a firm's list is in creation order (ids are UUIDv7).
FirmTemplateSchema.index({ firmId: 1, _id: 1 });
