import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { coalesce, type BatchOutcome } from '@portico/mongo';
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

type TemplateRef = { firmId: string; id: string };

const refKey = ({ firmId, id }: TemplateRef): string => JSON.stringify([firmId, id]);

@Injectable()
export class FirmTemplateMongoRepository extends FirmTemplateRepository {
  /** Lookups made at the same time (the requests of a bulk invitation name the same template) share one query. */
  private readonly byId = coalesce<TemplateRef, FirmTemplate | undefined>((refs) => this.findMany(refs), { maxBatchSize: 1000, groupCommit: true });

  constructor(@InjectModel(FIRM_TEMPLATE_MODEL) private readonly templates: Model<FirmTemplateDocument>) {
    super();
  }

  async insert(template: FirmTemplate): Promise<void> {
    await this.templates.create(toDocument(template));
  }

  findById(firmId: string, id: string): Promise<FirmTemplate | undefined> {
    return this.byId({ firmId, id });
  }

  /** One query, every clause naming its firm: another firm's template is never found. */
  private async findMany(refs: readonly TemplateRef[]): Promise<readonly BatchOutcome<FirmTemplate | undefined>[]> {
    const idsByFirm = new Map<string, Set<string>>();
    for (const { firmId, id } of refs) idsByFirm.set(firmId, (idsByFirm.get(firmId) ?? new Set()).add(id));
    const clauses = [...idsByFirm].map(([firmId, ids]) => ({ firmId, _id: { $in: [...ids] } }));
    const docs = await this.templates.find({ $or: clauses }).lean<FirmTemplateDocument[]>().exec();
    const found = new Map(docs.map((doc) => [refKey({ firmId: doc.firmId, id: doc._id }), doc]));
    return refs.map((ref) => {
      const doc = found.get(refKey(ref));
      return doc ? toDomain(doc) : undefined;
    });
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
