import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { FirmTemplate } from '../domain/firm-template';
import { FirmTemplateRepository } from '../domain/firm-template.repository';
import { FIRM_TEMPLATE_MODEL, FirmTemplateDocument } from './firm-template.schema';

const toDocument = ({ props }: FirmTemplate): FirmTemplateDocument => ({
  _id: props.id,
  firmId: props.firmId,
  name: props.name,
  ...props.source,
  createdAt: props.createdAt,
  updatedAt: props.updatedAt,
});

const toDomain = (doc: FirmTemplateDocument): FirmTemplate =>
  FirmTemplate.restore({
    id: doc._id,
    firmId: doc.firmId,
    name: doc.name,
    source: { subject: doc.subject, html: doc.html, text: doc.text },
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });

@Injectable()
export class FirmTemplateMongoRepository extends FirmTemplateRepository {
  constructor(@InjectModel(FIRM_TEMPLATE_MODEL) private readonly templates: Model<FirmTemplateDocument>) {
    super();
  }

  async insert(template: FirmTemplate): Promise<void> {
    await this.templates.create(toDocument(template));
  }

  async findById(firmId: string, id: string): Promise<FirmTemplate | undefined> {
    const doc = await this.templates.findOne({ _id: id, firmId }).lean<FirmTemplateDocument>().exec();
    return doc ? toDomain(doc) : undefined;
  }

  async list(firmId: string): Promise<FirmTemplate[]> {
    const docs = await this.templates.find({ firmId }).sort({ _id: 1 }).lean<FirmTemplateDocument[]>().exec();
    return docs.map(toDomain);
  }

  async update(template: FirmTemplate): Promise<boolean> {
    const { _id, firmId, createdAt: _createdAt, ...changes } = toDocument(template);
    const result = await this.templates.updateOne({ _id, firmId }, { $set: changes }).exec();
    return result.matchedCount === 1;
  }

  async delete(firmId: string, id: string): Promise<boolean> {
    const result = await this.templates.deleteOne({ _id: id, firmId }).exec();
    return result.deletedCount === 1;
  }
}
