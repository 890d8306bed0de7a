import { Injectable } from '@nestjs/common';
import { FirmTemplate, type FirmTemplateInput } from '../domain/firm-template';
import { FirmTemplateRepository } from '../domain/firm-template.repository';

@Injectable()
export class CreateTemplateService {
  constructor(private readonly templates: FirmTemplateRepository) {}

  /** Throws InvalidTemplateError when the source does not compile. */
  async execute(firmId: string, input: FirmTemplateInput): Promise<FirmTemplate> {
    const template = FirmTemplate.create(firmId, input);
    await this.templates.insert(template);
    return template;
  }
}
